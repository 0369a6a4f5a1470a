import { verify as cryptoVerify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeKeyCommand, GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { startKmsEmulator } from '../../emulators/kms';
import { sha256, useKmsEmulator } from './kms-emulator-fixture';

describe('KMS emulator, driven through @aws-sdk/client-kms: faults, counters and the state file', () => {
  const fx = useKmsEmulator();

  describe('faults and counters', () => {
    it('with SDK retries off, a throttled call fails with ThrottlingException and other operations pass', async () => {
      const key = await fx.newSigningKey();
      fx.kms.faults.throttle({ rate: 1, operations: ['Sign'] });
      const noRetries = fx.kmsClient({ maxAttempts: 1 });

      await expect(
        fx.signWith({ KeyId: key.keyId, Message: Buffer.from('m') }, noRetries),
      ).rejects.toMatchObject({
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400, attempts: 1 },
      });
      await expect(noRetries.send(new GetPublicKeyCommand({ KeyId: key.keyId }))).resolves.toBeDefined();
      expect(fx.kms.calls.throttled('Sign')).toBe(1);
      expect(fx.kms.calls.throttled()).toBe(1);
    });

    it("succeeds through the SDK's own retries when throttling is intermittent", async () => {
      const key = await fx.newSigningKey();
      fx.kms.faults.throttle({ rate: 0.5, operations: ['Sign'] }); // the 1st, 3rd, ... Sign requests
      const message = Buffer.from('retried');

      const response = await fx.client.send(
        new SignCommand({ KeyId: key.keyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' }),
      );

      expect(response.$metadata.attempts).toBe(2);
      expect(
        cryptoVerify('sha256', message, await fx.publicKeyOf(key.keyId), Buffer.from(response.Signature!)),
      ).toBe(true);
      expect(fx.kms.calls.count('Sign')).toBe(2);
      expect(fx.kms.calls.throttled('Sign')).toBe(1);
    });

    it('lets the SDK give up with ThrottlingException when every attempt is throttled', async () => {
      const key = await fx.newSigningKey();
      fx.kms.faults.throttle({ rate: 1 });
      const twoAttempts = fx.kmsClient({ maxAttempts: 2 });

      await expect(twoAttempts.send(new DescribeKeyCommand({ KeyId: key.keyId }))).rejects.toMatchObject({
        name: 'ThrottlingException',
        $metadata: { attempts: 2 },
      });
      expect(fx.kms.calls.count('DescribeKey')).toBe(2);
      expect(fx.kms.calls.throttled('DescribeKey')).toBe(2);
    });

    it('throttles the same requests again for the same seed', async () => {
      const key = await fx.newSigningKey();
      const noRetries = fx.kmsClient({ maxAttempts: 1 });
      const pattern = async (): Promise<boolean[]> => {
        fx.kms.faults.throttle({ rate: 0.3, seed: 42 });
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
      const key = await fx.newSigningKey();
      fx.kms.faults.latency({ ms: 300, operations: ['Sign'] });

      const timed = async (call: () => Promise<unknown>): Promise<number> => {
        const started = performance.now();
        await call();
        return performance.now() - started;
      };
      const signMs = await timed(() => fx.signWith({ KeyId: key.keyId, Message: Buffer.from('slow') }));
      const describeMs = await timed(() => fx.client.send(new DescribeKeyCommand({ KeyId: key.keyId })));

      expect(signMs).toBeGreaterThanOrEqual(295);
      expect(describeMs).toBeLessThan(250);
    });

    it('counts the requests of each operation, as for "KMS calls per signed image"', async () => {
      const key = await fx.newSigningKey();
      fx.kms.calls.reset();

      await fx.client.send(new DescribeKeyCommand({ KeyId: key.aliasName }));
      await fx.client.send(new GetPublicKeyCommand({ KeyId: key.aliasName }));
      await fx.signWith({ KeyId: key.aliasName, Message: sha256(Buffer.from('a')), MessageType: 'DIGEST' });
      await fx.signWith({ KeyId: key.aliasName, Message: sha256(Buffer.from('b')), MessageType: 'DIGEST' });

      expect(fx.kms.calls.snapshot()).toEqual({ DescribeKey: 1, GetPublicKey: 1, Sign: 2 });
      expect(fx.kms.calls.count()).toBe(4);
      expect(fx.kms.calls.count('Verify')).toBe(0);
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
