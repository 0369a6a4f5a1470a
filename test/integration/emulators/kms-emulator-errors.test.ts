import { randomUUID } from 'node:crypto';
import {
  DescribeKeyCommand,
  DisabledException,
  DisableKeyCommand,
  InvalidKeyUsageException,
  ListKeysCommand,
  NotFoundException,
  SignCommand,
  UnsupportedOperationException,
} from '@aws-sdk/client-kms';
import { useKmsEmulator } from './kms-emulator-fixture';

describe('KMS emulator, driven through @aws-sdk/client-kms: request errors', () => {
  const fx = useKmsEmulator();

  describe('request errors, as KMS sends them', () => {
    it('refuses a digest that is not 32 bytes long with ValidationException', async () => {
      const key = await fx.newSigningKey();

      for (const length of [31, 33, 48]) {
        await expect(
          fx.signWith({ KeyId: key.keyId, Message: Buffer.alloc(length, 1), MessageType: 'DIGEST' }),
        ).rejects.toMatchObject({
          name: 'ValidationException',
          message: 'Digest is invalid length for algorithm ECDSA_SHA_256.',
          $metadata: { httpStatusCode: 400 },
        });
      }
    });

    it('refuses a RAW message over 4096 bytes with ValidationException and signs one of 4096', async () => {
      const key = await fx.newSigningKey();

      await expect(fx.signWith({ KeyId: key.keyId, Message: Buffer.alloc(4097, 7) })).rejects.toMatchObject({
        name: 'ValidationException',
      });
      await expect(fx.signWith({ KeyId: key.keyId, Message: Buffer.alloc(4096, 7) })).resolves.toBeInstanceOf(
        Buffer,
      );
    });

    it('answers NotFoundException for an unknown key id, alias, or a key ARN of another region', async () => {
      const key = await fx.newSigningKey();
      const unknown = [
        randomUUID(),
        'alias/never-created',
        key.arn.replace('us-east-1', 'eu-west-1'),
        'not-a-key-id',
      ];

      for (const KeyId of unknown) {
        const error: unknown = await fx.client
          .send(new DescribeKeyCommand({ KeyId }))
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(NotFoundException);
        expect((error as Error).name).toBe('NotFoundException');
      }
    });

    it('refuses a signing algorithm the key does not have with InvalidKeyUsageException', async () => {
      const key = await fx.newSigningKey();

      const signing = fx.client.send(
        new SignCommand({
          KeyId: key.keyId,
          Message: Buffer.from('m'),
          SigningAlgorithm: 'RSASSA_PSS_SHA_256',
        }),
      );

      await expect(signing).rejects.toBeInstanceOf(InvalidKeyUsageException);
    });

    it('refuses to sign with a disabled key (DisabledException) but still describes it', async () => {
      const key = await fx.newSigningKey();
      await fx.client.send(new DisableKeyCommand({ KeyId: key.keyId }));

      await expect(fx.signWith({ KeyId: key.aliasName, Message: Buffer.from('m') })).rejects.toBeInstanceOf(
        DisabledException,
      );
      const { KeyMetadata } = await fx.client.send(new DescribeKeyCommand({ KeyId: key.aliasName }));
      expect(KeyMetadata).toMatchObject({ Enabled: false, KeyState: 'Disabled' });
    });

    it('refuses a request signed for another region, as an endpoint of one region does', async () => {
      const key = await fx.newSigningKey();

      const wrongRegion = fx.kmsClient({ region: 'eu-west-1', maxAttempts: 1 });

      await expect(wrongRegion.send(new DescribeKeyCommand({ KeyId: key.keyId }))).rejects.toMatchObject({
        name: 'InvalidSignatureException',
      });
    });

    it('answers UnsupportedOperationException for an operation it does not implement', async () => {
      await expect(fx.client.send(new ListKeysCommand({}))).rejects.toBeInstanceOf(
        UnsupportedOperationException,
      );
    });

    it('sends errors on the wire as HTTP 400 with a JSON body naming __type', async () => {
      const request = (target: string, body: unknown, authorization?: string) =>
        fetch(fx.kms.endpoint, {
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
});
