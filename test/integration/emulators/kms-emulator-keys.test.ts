import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import {
  AlreadyExistsException,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  GetPublicKeyCommand,
  KMSInvalidSignatureException,
  UnsupportedOperationException,
  VerifyCommand,
} from '@aws-sdk/client-kms';
import { sha256, useKmsEmulator } from './kms-emulator-fixture';

describe('KMS emulator, driven through @aws-sdk/client-kms: keys, aliases, public keys and signatures', () => {
  const fx = useKmsEmulator();

  describe('keys and aliases', () => {
    it('creates an ECC_NIST_P256 signing key and an alias that names it', async () => {
      const { KeyMetadata } = await fx.client.send(
        new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
      );

      expect(KeyMetadata).toMatchObject({
        AWSAccountId: '111122223333',
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['ECDSA_SHA_256'],
        Enabled: true,
        KeyState: 'Enabled',
        Origin: 'AWS_KMS',
        KeyManager: 'CUSTOMER',
      });
      expect(KeyMetadata!.Arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${KeyMetadata!.KeyId}`);
      expect(KeyMetadata!.CreationDate).toBeInstanceOf(Date);
      expect(Math.abs(KeyMetadata!.CreationDate!.getTime() - Date.now())).toBeLessThan(60_000);

      await fx.client.send(
        new CreateAliasCommand({ AliasName: 'alias/created', TargetKeyId: KeyMetadata!.KeyId }),
      );
      const byAlias = await fx.client.send(new DescribeKeyCommand({ KeyId: 'alias/created' }));
      expect(byAlias.KeyMetadata!.KeyId).toBe(KeyMetadata!.KeyId);
    });

    it('describes the same key by key id, key ARN, alias name and alias ARN', async () => {
      const key = await fx.newSigningKey();
      const aliasArn = `arn:aws:kms:us-east-1:111122223333:${key.aliasName}`;

      const described = await Promise.all(
        [key.keyId, key.arn, key.aliasName, aliasArn].map((KeyId) =>
          fx.client.send(new DescribeKeyCommand({ KeyId })),
        ),
      );

      for (const { KeyMetadata } of described) {
        expect(KeyMetadata).toMatchObject({ KeyId: key.keyId, Arn: key.arn, Description: 'test' });
      }
    });

    it('refuses a second alias of the same name with AlreadyExistsException', async () => {
      const key = await fx.newSigningKey();

      const again = fx.client.send(
        new CreateAliasCommand({ AliasName: key.aliasName, TargetKeyId: key.keyId }),
      );

      await expect(again).rejects.toBeInstanceOf(AlreadyExistsException);
    });

    it('refuses key specs and usages it cannot sign with, as KMS does', async () => {
      // KeyUsage left out defaults to ENCRYPT_DECRYPT, which an ECC key cannot have.
      await expect(fx.client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256' }))).rejects.toMatchObject({
        name: 'ValidationException',
      });
      await expect(
        fx.client.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })),
      ).rejects.toBeInstanceOf(UnsupportedOperationException);
      await expect(
        fx.client.send(new CreateKeyCommand({ KeySpec: 'P256' as 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining('enum value set'),
      });
    });

    it('makes keys for tests directly, with an alias and the public key as PEM', async () => {
      const made = fx.kms.createKey('direct');
      const message = Buffer.from('made directly');

      const signature = await fx.signWith({ KeyId: 'alias/direct', Message: message });

      expect(fx.kms.findKeyArn('alias/direct')).toBe(made.arn);
      expect(cryptoVerify('sha256', message, made.publicKeyPem, signature)).toBe(true);
      expect(fx.kms.calls.snapshot()).toEqual({ Sign: 1 });
    });
  });

  describe('public keys and signatures', () => {
    it('returns a public key as SPKI DER that node:crypto imports as an EC P-256 key', async () => {
      const key = await fx.newSigningKey();

      const response = await fx.client.send(new GetPublicKeyCommand({ KeyId: key.aliasName }));
      const publicKey = createPublicKey({
        key: Buffer.from(response.PublicKey!),
        format: 'der',
        type: 'spki',
      });

      expect(publicKey.asymmetricKeyType).toBe('ec');
      expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
      expect(response).toMatchObject({
        KeyId: key.arn,
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['ECDSA_SHA_256'],
      });
    });

    it('signs a RAW message so that node:crypto verifies the DER signature over the message', async () => {
      const key = await fx.newSigningKey();
      const message = Buffer.from('{"critical":{"type":"cosign container image signature"}}');

      const signature = await fx.signWith({ KeyId: key.aliasName, Message: message, MessageType: 'RAW' });

      expect(signature[0]).toBe(0x30); // a DER SEQUENCE, not a raw r||s pair
      expect(cryptoVerify('sha256', message, await fx.publicKeyOf(key.keyId), signature)).toBe(true);
      expect(
        cryptoVerify('sha256', Buffer.from('another message'), await fx.publicKeyOf(key.keyId), signature),
      ).toBe(false);
    });

    it('signs a DIGEST of sha256(message) so that node:crypto verifies it over the message: no second hash', async () => {
      const key = await fx.newSigningKey();
      const message = Buffer.from('payload as cosign signs it');

      const signature = await fx.signWith({
        KeyId: key.arn,
        Message: sha256(message),
        MessageType: 'DIGEST',
      });

      expect(cryptoVerify('sha256', message, await fx.publicKeyOf(key.keyId), signature)).toBe(true);
    });

    it('signs a DIGEST exactly as given: a value that is not sha256(message) does not verify for the message', async () => {
      const key = await fx.newSigningKey();
      const message = Buffer.from('payload');
      const hashedTwice = sha256(sha256(message)); // what an emulator that hashes DIGEST again would sign

      const signature = await fx.signWith({ KeyId: key.keyId, Message: hashedTwice, MessageType: 'DIGEST' });

      const publicKey = await fx.publicKeyOf(key.keyId);
      expect(cryptoVerify('sha256', message, publicKey, signature)).toBe(false);
      expect(cryptoVerify('sha256', sha256(message), publicKey, signature)).toBe(true);
    });

    it('makes a new signature on every call, as KMS does (no deterministic nonce)', async () => {
      const key = await fx.newSigningKey();
      const message = Buffer.from('same message');

      const [first, second] = await Promise.all([
        fx.signWith({ KeyId: key.keyId, Message: message }),
        fx.signWith({ KeyId: key.keyId, Message: message }),
      ]);

      expect(first.equals(second)).toBe(false);
      const publicKey = await fx.publicKeyOf(key.keyId);
      expect(cryptoVerify('sha256', message, publicKey, first)).toBe(true);
      expect(cryptoVerify('sha256', message, publicKey, second)).toBe(true);
    });

    it('Verify accepts a good signature whether the message is given RAW or as its DIGEST', async () => {
      const key = await fx.newSigningKey();
      const message = Buffer.from('verify me');
      const signature = await fx.signWith({ KeyId: key.aliasName, Message: message });

      const raw = await fx.client.send(
        new VerifyCommand({
          KeyId: key.aliasName,
          Message: message,
          Signature: signature,
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      const digest = await fx.client.send(
        new VerifyCommand({
          KeyId: key.keyId,
          Message: sha256(message),
          MessageType: 'DIGEST',
          Signature: signature,
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );

      expect(raw).toMatchObject({ SignatureValid: true, KeyId: key.arn, SigningAlgorithm: 'ECDSA_SHA_256' });
      expect(digest.SignatureValid).toBe(true);
    });

    it('Verify rejects a signature of another message, or garbage, with KMSInvalidSignatureException', async () => {
      const key = await fx.newSigningKey();
      const signature = await fx.signWith({ KeyId: key.keyId, Message: Buffer.from('signed') });
      const verify = (Message: Buffer, Signature: Buffer) =>
        fx.client.send(
          new VerifyCommand({ KeyId: key.keyId, Message, Signature, SigningAlgorithm: 'ECDSA_SHA_256' }),
        );

      await expect(verify(Buffer.from('not signed'), signature)).rejects.toBeInstanceOf(
        KMSInvalidSignatureException,
      );
      await expect(verify(Buffer.from('signed'), Buffer.from('garbage'))).rejects.toBeInstanceOf(
        KMSInvalidSignatureException,
      );
    });
  });
});
