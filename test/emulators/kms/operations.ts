import { createHash } from 'node:crypto';
import { KmsError } from './kms-errors';
import {
  KEY_SPECS,
  KEY_USAGES,
  MAX_RAW_MESSAGE_BYTES,
  MAX_SIGNATURE_BYTES,
  MESSAGE_TYPES,
  SIGNING_ALGORITHMS,
  SUPPORTED_KEY_SPEC,
  SUPPORTED_KEY_USAGE,
  SUPPORTED_SIGNING_ALGORITHM,
} from './kms-enums';
import type { KeyStore, KmsKey } from './key-store';
import { SHA256_BYTES, signDigest, verifyDigest } from './p256-keys';
import {
  optionalBoolean,
  optionalEnum,
  optionalString,
  requiredBlob,
  requiredEnum,
  requiredString,
  type RequestBody,
} from './request-fields';

/** One KMS operation: a decoded request body in, a response body out (or a thrown KmsError). */
export type Operation = (store: KeyStore, body: RequestBody) => Record<string, unknown>;

/** KeyMetadata as DescribeKey and CreateKey return it (timestamps in epoch seconds). */
function keyMetadata(store: KeyStore, key: KmsKey): Record<string, unknown> {
  return {
    AWSAccountId: store.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate.getTime() / 1000,
    Enabled: key.enabled,
    Description: key.description,
    KeyUsage: SUPPORTED_KEY_USAGE,
    KeyState: key.enabled ? 'Enabled' : 'Disabled',
    Origin: 'AWS_KMS',
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: SUPPORTED_KEY_SPEC,
    KeySpec: SUPPORTED_KEY_SPEC,
    SigningAlgorithms: [SUPPORTED_SIGNING_ALGORITHM],
    MultiRegion: false,
  };
}

function createKey(store: KeyStore, body: RequestBody): Record<string, unknown> {
  const keySpec =
    optionalEnum(body, 'KeySpec', KEY_SPECS) ??
    optionalEnum(body, 'CustomerMasterKeySpec', KEY_SPECS) ??
    'SYMMETRIC_DEFAULT';
  const keyUsage = optionalEnum(body, 'KeyUsage', KEY_USAGES) ?? 'ENCRYPT_DECRYPT';
  const origin = optionalString(body, 'Origin') ?? 'AWS_KMS';
  if (keySpec !== SUPPORTED_KEY_SPEC || origin !== 'AWS_KMS' || optionalBoolean(body, 'MultiRegion')) {
    throw new KmsError(
      'UnsupportedOperationException',
      `The KMS emulator creates only single-region AWS_KMS keys of spec ${SUPPORTED_KEY_SPEC}, not ${keySpec}.`,
    );
  }
  if (keyUsage === 'KEY_AGREEMENT') {
    throw new KmsError('UnsupportedOperationException', 'The KMS emulator does not implement KEY_AGREEMENT.');
  }
  if (keyUsage !== SUPPORTED_KEY_USAGE) {
    // The usual mistake: KeySpec ECC_NIST_P256 without KeyUsage, which defaults to ENCRYPT_DECRYPT.
    throw new KmsError(
      'ValidationException',
      `KeyUsage ${keyUsage} is not compatible with KeySpec ${keySpec}. Use SIGN_VERIFY or KEY_AGREEMENT.`,
    );
  }
  const description = optionalString(body, 'Description') ?? '';
  return { KeyMetadata: keyMetadata(store, store.createKey(description)) };
}

function createAlias(store: KeyStore, body: RequestBody): Record<string, unknown> {
  store.createAlias(requiredString(body, 'AliasName'), requiredString(body, 'TargetKeyId'));
  return {};
}

function describeKey(store: KeyStore, body: RequestBody): Record<string, unknown> {
  return { KeyMetadata: keyMetadata(store, store.resolve(requiredString(body, 'KeyId'))) };
}

function setEnabled(enabled: boolean): Operation {
  return (store, body) => {
    store.setEnabled(requiredString(body, 'KeyId'), enabled);
    return {};
  };
}

/** A key that may be used for a cryptographic operation: it must be enabled. */
function usableKey(store: KeyStore, keyRef: string): KmsKey {
  const key = store.resolve(keyRef);
  if (!key.enabled) throw new KmsError('DisabledException', `${key.arn} is disabled.`);
  return key;
}

function getPublicKey(store: KeyStore, body: RequestBody): Record<string, unknown> {
  const key = usableKey(store, requiredString(body, 'KeyId'));
  return {
    KeyId: key.arn,
    PublicKey: key.publicKey.toString('base64'),
    CustomerMasterKeySpec: SUPPORTED_KEY_SPEC,
    KeySpec: SUPPORTED_KEY_SPEC,
    KeyUsage: SUPPORTED_KEY_USAGE,
    SigningAlgorithms: [SUPPORTED_SIGNING_ALGORITHM],
  };
}

/**
 * What Sign and Verify share: the key, and the SHA-256 hash to sign or check. RAW is hashed here,
 * once; DIGEST is taken as the hash itself and must be exactly 32 bytes.
 */
function signingInput(store: KeyStore, body: RequestBody): { key: KmsKey; digest: Buffer } {
  const message = requiredBlob(body, 'Message', { min: 1, max: MAX_RAW_MESSAGE_BYTES });
  const messageType = optionalEnum(body, 'MessageType', MESSAGE_TYPES) ?? 'RAW';
  const algorithm = requiredEnum(body, 'SigningAlgorithm', SIGNING_ALGORITHMS);
  const key = usableKey(store, requiredString(body, 'KeyId'));
  if (algorithm !== SUPPORTED_SIGNING_ALGORITHM) {
    throw new KmsError(
      'InvalidKeyUsageException',
      `Signing algorithm ${algorithm} is not compatible with key spec ${SUPPORTED_KEY_SPEC} of ${key.arn}.`,
    );
  }
  if (messageType === 'EXTERNAL_MU') {
    throw new KmsError('ValidationException', 'The EXTERNAL_MU message type is only valid for ML_DSA keys.');
  }
  if (messageType === 'DIGEST' && message.length !== SHA256_BYTES) {
    throw new KmsError('ValidationException', `Digest is invalid length for algorithm ${algorithm}.`);
  }
  if (optionalBoolean(body, 'DryRun')) {
    throw new KmsError(
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
      412,
    );
  }
  const digest = messageType === 'DIGEST' ? message : createHash('sha256').update(message).digest();
  return { key, digest };
}

function sign(store: KeyStore, body: RequestBody): Record<string, unknown> {
  const { key, digest } = signingInput(store, body);
  return {
    KeyId: key.arn,
    Signature: signDigest(key.secretKey, digest).toString('base64'),
    SigningAlgorithm: SUPPORTED_SIGNING_ALGORITHM,
  };
}

/** KMS answers a signature that does not verify with KMSInvalidSignatureException, never `false`. */
function verify(store: KeyStore, body: RequestBody): Record<string, unknown> {
  const signature = requiredBlob(body, 'Signature', { min: 1, max: MAX_SIGNATURE_BYTES });
  const { key, digest } = signingInput(store, body);
  if (!verifyDigest(key.secretKey, digest, signature)) {
    throw new KmsError(
      'KMSInvalidSignatureException',
      'The signature does not verify for this message and key.',
    );
  }
  return { KeyId: key.arn, SignatureValid: true, SigningAlgorithm: SUPPORTED_SIGNING_ALGORITHM };
}

/** The operations the emulator implements, by the name after `TrentService.` in X-Amz-Target. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateKey: createKey,
  CreateAlias: createAlias,
  DescribeKey: describeKey,
  EnableKey: setEnabled(true),
  DisableKey: setEnabled(false),
  GetPublicKey: getPublicKey,
  Sign: sign,
  Verify: verify,
};
