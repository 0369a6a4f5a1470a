import { createHash, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  GetPublicKeyCommand,
  KMSClient,
  SignCommand,
  type KMSClientConfig,
  type SignCommandInput,
} from '@aws-sdk/client-kms';
import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';

/** SHA-256 of some bytes, as KMS's DIGEST message type expects them. */
export const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** The KMS emulator of one test file, and real SDK clients pointed at it. */
export interface KmsEmulatorFixture {
  readonly kms: KmsEmulator;
  readonly client: KMSClient;
  /** A real SDK client pointed at the emulator; `overrides` e.g. `{ maxAttempts: 1 }`. */
  kmsClient(overrides?: Partial<KMSClientConfig>): KMSClient;
  /** Makes a key with an alias through the API, as an operator would. */
  newSigningKey(): Promise<{ keyId: string; arn: string; aliasName: string }>;
  publicKeyOf(keyId: string): Promise<KeyObject>;
  signWith(input: Omit<SignCommandInput, 'SigningAlgorithm'>, via?: KMSClient): Promise<Buffer>;
}

/**
 * Starts the emulator before the file's tests and stops it after; faults and counters are reset before
 * each test. Call it inside a describe block; read `kms` and `client` inside tests (they exist from
 * beforeAll on).
 */
export function useKmsEmulator(): KmsEmulatorFixture {
  let kms: KmsEmulator | undefined;
  let client: KMSClient | undefined;
  const clients: KMSClient[] = [];
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the KMS emulator is used before beforeAll');
    return value;
  };

  const fixture: KmsEmulatorFixture = {
    get kms() {
      return started(kms);
    },
    get client() {
      return started(client);
    },
    kmsClient(overrides = {}) {
      const made = new KMSClient({
        endpoint: started(kms).endpoint,
        region: started(kms).region,
        credentials: { accessKeyId: 'AKIDTESTKMS', secretAccessKey: 'test-secret' },
        ...overrides,
      });
      clients.push(made);
      return made;
    },
    async newSigningKey() {
      const { KeyMetadata } = await fixture.client.send(
        new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'test' }),
      );
      const aliasName = `alias/test-${randomUUID()}`;
      await fixture.client.send(
        new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyMetadata!.KeyId! }),
      );
      return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn!, aliasName };
    },
    async publicKeyOf(keyId) {
      const { PublicKey } = await fixture.client.send(new GetPublicKeyCommand({ KeyId: keyId }));
      return createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' });
    },
    async signWith(input, via = fixture.client) {
      const { Signature } = await via.send(new SignCommand({ SigningAlgorithm: 'ECDSA_SHA_256', ...input }));
      return Buffer.from(Signature!);
    },
  };

  beforeAll(async () => {
    kms = await startKmsEmulator();
    client = fixture.kmsClient();
  });
  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await kms?.stop();
  });
  beforeEach(() => {
    kms?.faults.reset();
    kms?.calls.reset();
  });
  return fixture;
}
