import { createHash, createPublicKey, randomUUID, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlreadyExistsException,
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisabledException,
  DisableKeyCommand,
  GetPublicKeyCommand,
  InvalidKeyUsageException,
  KMSClient,
  KMSInvalidSignatureException,
  ListKeysCommand,
  NotFoundException,
  SignCommand,
  UnsupportedOperationException,
  VerifyCommand,
  type KMSClientConfig,
  type SignCommandInput,
} from '@aws-sdk/client-kms';
import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

describe('KMS emulator, driven through @aws-sdk/client-kms', () => {
  let kms: KmsEmulator;
  let client: KMSClient;
  const clients: KMSClient[] = [];

  /** A real SDK client pointed at the emulator; `overrides` e.g. `{ maxAttempts: 1 }`. */
  function kmsClient(overrides: Partial<KMSClientConfig> = {}): KMSClient {
    const made = new KMSClient({
      endpoint: kms.endpoint,
      region: kms.region,
      credentials: { accessKeyId: 'AKIDTESTKMS', secretAccessKey: 'test-secret' },
      ...overrides,
    });
    clients.push(made);
    return made;
  }

  /** Makes a key with an alias through the API, as an operator would. */
  async function newSigningKey(): Promise<{ keyId: string; arn: string; aliasName: string }> {
    const { KeyMetadata } = await client.send(
      new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'test' }),
    );
    const aliasName = `alias/test-${randomUUID()}`;
    await client.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: KeyMetadata!.KeyId! }));
    return { keyId: KeyMetadata!.KeyId!, arn: KeyMetadata!.Arn!, aliasName };
  }

  async function publicKeyOf(keyId: string): Promise<KeyObject> {
    const { PublicKey } = await client.send(new GetPublicKeyCommand({ KeyId: keyId }));
    return createPublicKey({ key: Buffer.from(PublicKey!), format: 'der', type: 'spki' });
  }

  async function signWith(input: Omit<SignCommandInput, 'SigningAlgorithm'>, via = client): Promise<Buffer> {
    const { Signature } = await via.send(new SignCommand({ SigningAlgorithm: 'ECDSA_SHA_256', ...input }));
    return Buffer.from(Signature!);
  }

  beforeAll(async () => {
    kms = await startKmsEmulator();
    client = kmsClient();
  });

  afterAll(async () => {
    clients.forEach((c) => c.destroy());
    await kms.stop();
  });

  beforeEach(() => {
    kms.faults.reset();
    kms.calls.reset();
  });

  describe('keys and aliases', () => {
    it('creates an ECC_NIST_P256 signing key and an alias that names it', async () => {
      const { KeyMetadata } = await client.send(
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

      await client.send(
        new CreateAliasCommand({ AliasName: 'alias/created', TargetKeyId: KeyMetadata!.KeyId }),
      );
      const byAlias = await client.send(new DescribeKeyCommand({ KeyId: 'alias/created' }));
      expect(byAlias.KeyMetadata!.KeyId).toBe(KeyMetadata!.KeyId);
    });

    it('describes the same key by key id, key ARN, alias name and alias ARN', async () => {
      const key = await newSigningKey();
      const aliasArn = `arn:aws:kms:us-east-1:111122223333:${key.aliasName}`;

      const described = await Promise.all(
        [key.keyId, key.arn, key.aliasName, aliasArn].map((KeyId) =>
          client.send(new DescribeKeyCommand({ KeyId })),
        ),
      );

      for (const { KeyMetadata } of described) {
        expect(KeyMetadata).toMatchObject({ KeyId: key.keyId, Arn: key.arn, Description: 'test' });
      }
    });

    it('refuses a second alias of the same name with AlreadyExistsException', async () => {
      const key = await newSigningKey();

      const again = client.send(new CreateAliasCommand({ AliasName: key.aliasName, TargetKeyId: key.keyId }));

      await expect(again).rejects.toBeInstanceOf(AlreadyExistsException);
    });

    it('refuses key specs and usages it cannot sign with, as KMS does', async () => {
      // KeyUsage left out defaults to ENCRYPT_DECRYPT, which an ECC key cannot have.
      await expect(client.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256' }))).rejects.toMatchObject({
        name: 'ValidationException',
      });
      await expect(
        client.send(new CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' })),
      ).rejects.toBeInstanceOf(UnsupportedOperationException);
      await expect(
        client.send(new CreateKeyCommand({ KeySpec: 'P256' as 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' })),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message: expect.stringContaining('enum value set'),
      });
    });

    it('makes keys for tests directly, with an alias and the public key as PEM', async () => {
      const made = kms.createKey('direct');
      const message = Buffer.from('made directly');

      const signature = await signWith({ KeyId: 'alias/direct', Message: message });

      expect(kms.findKeyArn('alias/direct')).toBe(made.arn);
      expect(cryptoVerify('sha256', message, made.publicKeyPem, signature)).toBe(true);
      expect(kms.calls.snapshot()).toEqual({ Sign: 1 });
    });
  });

  describe('public keys and signatures', () => {
    it('returns a public key as SPKI DER that node:crypto imports as an EC P-256 key', async () => {
      const key = await newSigningKey();

      const response = await client.send(new GetPublicKeyCommand({ KeyId: key.aliasName }));
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
      const key = await newSigningKey();
      const message = Buffer.from('{"critical":{"type":"cosign container image signature"}}');

      const signature = await signWith({ KeyId: key.aliasName, Message: message, MessageType: 'RAW' });

      expect(signature[0]).toBe(0x30); // a DER SEQUENCE, not a raw r||s pair
      expect(cryptoVerify('sha256', message, await publicKeyOf(key.keyId), signature)).toBe(true);
      expect(
        cryptoVerify('sha256', Buffer.from('another message'), await publicKeyOf(key.keyId), signature),
      ).toBe(false);
    });

    it('signs a DIGEST of sha256(message) so that node:crypto verifies it over the message: no second hash', async () => {
      const key = await newSigningKey();
      const message = Buffer.from('payload as cosign signs it');

      const signature = await signWith({ KeyId: key.arn, Message: sha256(message), MessageType: 'DIGEST' });

      expect(cryptoVerify('sha256', message, await publicKeyOf(key.keyId), signature)).toBe(true);
    });

    it('signs a DIGEST exactly as given: a value that is not sha256(message) does not verify for the message', async () => {
      const key = await newSigningKey();
      const message = Buffer.from('payload');
      const hashedTwice = sha256(sha256(message)); // what an emulator that hashes DIGEST again would sign

      const signature = await signWith({ KeyId: key.keyId, Message: hashedTwice, MessageType: 'DIGEST' });

      const publicKey = await publicKeyOf(key.keyId);
      expect(cryptoVerify('sha256', message, publicKey, signature)).toBe(false);
      expect(cryptoVerify('sha256', sha256(message), publicKey, signature)).toBe(true);
    });

    it('makes a new signature on every call, as KMS does (no deterministic nonce)', async () => {
      const key = await newSigningKey();
      const message = Buffer.from('same message');

      const [first, second] = await Promise.all([
        signWith({ KeyId: key.keyId, Message: message }),
        signWith({ KeyId: key.keyId, Message: message }),
      ]);

      expect(first.equals(second)).toBe(false);
      const publicKey = await publicKeyOf(key.keyId);
      expect(cryptoVerify('sha256', message, publicKey, first)).toBe(true);
      expect(cryptoVerify('sha256', message, publicKey, second)).toBe(true);
    });

    it('Verify accepts a good signature whether the message is given RAW or as its DIGEST', async () => {
      const key = await newSigningKey();
      const message = Buffer.from('verify me');
      const signature = await signWith({ KeyId: key.aliasName, Message: message });

      const raw = await client.send(
        new VerifyCommand({
          KeyId: key.aliasName,
          Message: message,
          Signature: signature,
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      );
      const digest = await client.send(
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
      const key = await newSigningKey();
      const signature = await signWith({ KeyId: key.keyId, Message: Buffer.from('signed') });
      const verify = (Message: Buffer, Signature: Buffer) =>
        client.send(
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

  describe('request errors, as KMS sends them', () => {
    it('refuses a digest that is not 32 bytes long with ValidationException', async () => {
      const key = await newSigningKey();

      for (const length of [31, 33, 48]) {
        await expect(
          signWith({ KeyId: key.keyId, Message: Buffer.alloc(length, 1), MessageType: 'DIGEST' }),
        ).rejects.toMatchObject({
          name: 'ValidationException',
          message: 'Digest is invalid length for algorithm ECDSA_SHA_256.',
          $metadata: { httpStatusCode: 400 },
        });
      }
    });

    it('refuses a RAW message over 4096 bytes with ValidationException and signs one of 4096', async () => {
      const key = await newSigningKey();

      await expect(signWith({ KeyId: key.keyId, Message: Buffer.alloc(4097, 7) })).rejects.toMatchObject({
        name: 'ValidationException',
      });
      await expect(signWith({ KeyId: key.keyId, Message: Buffer.alloc(4096, 7) })).resolves.toBeInstanceOf(
        Buffer,
      );
    });

    it('answers NotFoundException for an unknown key id, alias, or a key ARN of another region', async () => {
      const key = await newSigningKey();
      const unknown = [
        randomUUID(),
        'alias/never-created',
        key.arn.replace('us-east-1', 'eu-west-1'),
        'not-a-key-id',
      ];

      for (const KeyId of unknown) {
        const error: unknown = await client.send(new DescribeKeyCommand({ KeyId })).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotFoundException);
        expect((error as Error).name).toBe('NotFoundException');
      }
    });

    it('refuses a signing algorithm the key does not have with InvalidKeyUsageException', async () => {
      const key = await newSigningKey();

      const signing = client.send(
        new SignCommand({
          KeyId: key.keyId,
          Message: Buffer.from('m'),
          SigningAlgorithm: 'RSASSA_PSS_SHA_256',
        }),
      );

      await expect(signing).rejects.toBeInstanceOf(InvalidKeyUsageException);
    });

    it('refuses to sign with a disabled key (DisabledException) but still describes it', async () => {
      const key = await newSigningKey();
      await client.send(new DisableKeyCommand({ KeyId: key.keyId }));

      await expect(signWith({ KeyId: key.aliasName, Message: Buffer.from('m') })).rejects.toBeInstanceOf(
        DisabledException,
      );
      const { KeyMetadata } = await client.send(new DescribeKeyCommand({ KeyId: key.aliasName }));
      expect(KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    });

    it('refuses a request signed for another region, as an endpoint of one region does', async () => {
      const key = await newSigningKey();

      const wrongRegion = kmsClient({ region: 'eu-west-1', maxAttempts: 1 });

      await expect(wrongRegion.send(new DescribeKeyCommand({ KeyId: key.keyId }))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
      });
    });

    it('answers UnsupportedOperationException for an operation it does not implement', async () => {
      await expect(client.send(new ListKeysCommand({}))).rejects.toBeInstanceOf(
        UnsupportedOperationException,
      );
    });

    it('sends errors on the wire as HTTP 400 with a JSON body naming __type', async () => {
      const request = (target: string, body: unknown, authorization?: string) =>
        fetch(kms.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.1',
            'x-amz-target': target,
            ...(authorization ? { authorization } : {}),
          },
          body: JSON.stringify(body),
        });
      const signed = 'AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/kms/aws4_request, Signature=0';

      const notFound = await request('TrentService.DescribeKey', { KeyId: 'alias/nothing' }, signed);
      const unsigned = await request('TrentService.DescribeKey', { KeyId: 'alias/nothing' });

      expect(notFound.status).toBe(400);
      expect(notFound.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(await notFound.json()).toEqual({
        __type: 'NotFoundException',
        message: 'Alias arn:aws:kms:us-east-1:111122223333:alias/nothing is not found.',
      });
      expect(unsigned.status).toBe(400);
      expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    });
  });

  describe('faults and counters', () => {
    it('with SDK retries off, a throttled call fails with ThrottlingException and other operations pass', async () => {
      const key = await newSigningKey();
      kms.faults.throttle({ rate: 1, operations: ['Sign'] });
      const noRetries = kmsClient({ maxAttempts: 1 });

      await expect(
        signWith({ KeyId: key.keyId, Message: Buffer.from('m') }, noRetries),
      ).rejects.toMatchObject({
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400, attempts: 1 },
      });
      await expect(noRetries.send(new GetPublicKeyCommand({ KeyId: key.keyId }))).resolves.toBeDefined();
      expect(kms.calls.throttled('Sign')).toBe(1);
      expect(kms.calls.throttled()).toBe(1);
    });

    it("succeeds through the SDK's own retries when throttling is intermittent", async () => {
      const key = await newSigningKey();
      kms.faults.throttle({ rate: 0.5, operations: ['Sign'] }); // the 1st, 3rd, ... Sign requests
      const message = Buffer.from('retried');

      const response = await client.send(
        new SignCommand({ KeyId: key.keyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
      );

      expect(response.$metadata.attempts).toBe(2);
      expect(
        cryptoVerify('sha256', message, await publicKeyOf(key.keyId), Buffer.from(response.Signature!)),
      ).toBe(true);
      expect(kms.calls.count('Sign')).toBe(2);
      expect(kms.calls.throttled('Sign')).toBe(1);
    });

    it('lets the SDK give up with ThrottlingException when every attempt is throttled', async () => {
      const key = await newSigningKey();
      kms.faults.throttle({ rate: 1 });
      const twoAttempts = kmsClient({ maxAttempts: 2 });

      await expect(twoAttempts.send(new DescribeKeyCommand({ KeyId: key.keyId }))).rejects.toMatchObject({
        name: 'ThrottlingException',
        $metadata: { attempts: 2 },
      });
      expect(kms.calls.count('DescribeKey')).toBe(2);
      expect(kms.calls.throttled('DescribeKey')).toBe(2);
    });

    it('throttles the same requests again for the same seed', async () => {
      const key = await newSigningKey();
      const noRetries = kmsClient({ maxAttempts: 1 });
      const pattern = async (): Promise<boolean[]> => {
        kms.faults.throttle({ rate: 0.3, seed: 42 });
        const outcomes: boolean[] = [];
        for (let i = 0; i < 20; i += 1) {
          const throttled = await noRetries.send(new DescribeKeyCommand({ KeyId: key.keyId })).then(
            () => false,
            (e: unknown) => (e as Error).name === 'ThrottlingException',
          );
          outcomes.push(throttled);
        }
        return outcomes;
      };

      const first = await pattern();
      const second = await pattern();

      expect(second).toEqual(first);
      expect(first).toContain(true);
      expect(first).toContain(false);
    });

    it('delays answers by the configured latency, only for the operations named', async () => {
      const key = await newSigningKey();
      kms.faults.latency({ ms: 300, operations: ['Sign'] });

      const timed = async (call: () => Promise<unknown>): Promise<number> => {
        const started = performance.now();
        await call();
        return performance.now() - started;
      };
      const signMs = await timed(() => signWith({ KeyId: key.keyId, Message: Buffer.from('slow') }));
      const describeMs = await timed(() => client.send(new DescribeKeyCommand({ KeyId: key.keyId })));

      expect(signMs).toBeGreaterThanOrEqual(295);
      expect(describeMs).toBeLessThan(250);
    });

    it('counts the requests of each operation, as for "KMS calls per signed image"', async () => {
      const key = await newSigningKey();
      kms.calls.reset();

      await client.send(new DescribeKeyCommand({ KeyId: key.aliasName }));
      await client.send(new GetPublicKeyCommand({ KeyId: key.aliasName }));
      await signWith({ KeyId: key.aliasName, Message: sha256(Buffer.from('a')), MessageType: 'DIGEST' });
      await signWith({ KeyId: key.aliasName, Message: sha256(Buffer.from('b')), MessageType: 'DIGEST' });

      expect(kms.calls.snapshot()).toEqual({ DescribeKey: 1, GetPublicKey: 1, Sign: 2 });
      expect(kms.calls.count()).toBe(4);
      expect(kms.calls.count('Verify')).toBe(0);
    });
  });

  describe('state file (local mode)', () => {
    it('keeps keys and aliases across a restart', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kms-emulator-state-'));
      const stateFile = join(dir, 'kms.json');
      try {
        const before = await startKmsEmulator({ stateFile });
        const made = before.createKey('kept');
        await before.stop();

        const after = await startKmsEmulator({ stateFile });
        const afterClient = new KMSClient({
          endpoint: after.endpoint,
          region: after.region,
          credentials: { accessKeyId: 'AKIDTESTKMS', secretAccessKey: 'test-secret' },
        });
        const message = Buffer.from('signed after restart');
        const { Signature } = await afterClient.send(
          new SignCommand({ KeyId: 'alias/kept', Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
        );
        afterClient.destroy();
        await after.stop();

        expect(after.findKeyArn('alias/kept')).toBe(made.arn);
        expect(cryptoVerify('sha256', message, made.publicKeyPem, Buffer.from(Signature!))).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
