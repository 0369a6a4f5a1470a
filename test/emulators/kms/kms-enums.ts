/**
 * The enum values of the KMS API model that the emulated operations accept on the wire. A value
 * outside these lists is a ValidationException (as in KMS); a value inside them that the emulator
 * does not implement is an UnsupportedOperationException.
 */

/** Every `KeySpec` KMS knows. The emulator creates only {@link SUPPORTED_KEY_SPEC} keys. */
export const KEY_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519',
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'SM2',
  'ML_DSA_44',
  'ML_DSA_65',
  'ML_DSA_87',
  'ML_KEM_512',
  'ML_KEM_768',
  'ML_KEM_1024',
] as const;

/** Every `KeyUsage` KMS knows. */
export const KEY_USAGES = [
  'SIGN_VERIFY',
  'ENCRYPT_DECRYPT',
  'GENERATE_VERIFY_MAC',
  'KEY_AGREEMENT',
  'ENCAPSULATE_DECAPSULATE',
] as const;

/** Every `SigningAlgorithm` KMS knows. */
export const SIGNING_ALGORITHMS = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'ECDSA_SHA_256',
  'ECDSA_SHA_384',
  'ECDSA_SHA_512',
  'ED25519_SHA_512',
  'ED25519_PH_SHA_512',
  'SM2DSA',
  'ML_DSA_SHAKE_256',
] as const;

/** Every `MessageType` KMS knows. */
export const MESSAGE_TYPES = ['RAW', 'DIGEST', 'EXTERNAL_MU'] as const;

/** The one key spec the emulator creates. */
export const SUPPORTED_KEY_SPEC = 'ECC_NIST_P256';
/** The one key usage the emulator creates. */
export const SUPPORTED_KEY_USAGE = 'SIGN_VERIFY';
/** The one signing algorithm of an ECC_NIST_P256 key. */
export const SUPPORTED_SIGNING_ALGORITHM = 'ECDSA_SHA_256';

/** A message of type RAW is at most this long (bytes). */
export const MAX_RAW_MESSAGE_BYTES = 4096;
/** The model's upper bound for a signature blob (bytes). */
export const MAX_SIGNATURE_BYTES = 6144;
