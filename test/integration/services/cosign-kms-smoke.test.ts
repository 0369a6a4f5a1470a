import { startKmsEmulator, type KmsEmulator } from '../../emulators/kms';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { cosign } from '../../harness/verifiers';

/**
 * The foundation's smoke test: the real cosign signs an image in the real registry with a key in the
 * KMS emulator (DIGEST signing) and verifies it. A client nobody here wrote proves the emulator right.
 */
describe('cosign against the KMS emulator and the registry', () => {
  let kms: KmsEmulator;
  beforeAll(async () => {
    kms = await startKmsEmulator();
    kms.createKey('smoke');
  });
  afterAll(() => kms.stop());

  it('signs with awskms:// and verifies the signature', async () => {
    const image = await pushImage(sharedRegistryHost(), 'smoke/cosign', { tags: 'v1' });
    const ref = `${image.reference.registry}/${image.reference.repository}@${image.digest}`;
    const key = 'awskms:///alias/smoke';

    const signed = await cosign(['sign', '--yes', '--tlog-upload=false', '--key', key, ref], {
      kmsEndpoint: kms.endpoint,
    });
    expect(signed.stderr).not.toMatch(/error/i);
    expect(signed.code).toBe(0);
    expect(kms.calls.count('Sign')).toBe(1);

    const verified = await cosign(['verify', '--insecure-ignore-tlog=true', '--key', key, ref], {
      kmsEndpoint: kms.endpoint,
    });
    expect(verified.code).toBe(0);
    const [claim] = JSON.parse(verified.stdout) as {
      critical: { image: { 'docker-manifest-digest': string } };
    }[];
    expect(claim?.critical.image['docker-manifest-digest']).toBe(image.digest);
  });

  it('rejects the signature when verified with another key', async () => {
    const image = await pushImage(sharedRegistryHost(), 'smoke/cosign-other');
    const ref = `${image.reference.registry}/${image.reference.repository}@${image.digest}`;
    kms.createKey('smoke-other');
    const signed = await cosign(
      ['sign', '--yes', '--tlog-upload=false', '--key', 'awskms:///alias/smoke', ref],
      {
        kmsEndpoint: kms.endpoint,
      },
    );
    expect(signed.code).toBe(0);
    const verified = await cosign(
      ['verify', '--insecure-ignore-tlog=true', '--key', 'awskms:///alias/smoke-other', ref],
      { kmsEndpoint: kms.endpoint },
    );
    expect(verified.code).not.toBe(0);
    expect(verified.stderr).toMatch(/no matching signatures|invalid signature/i);
  });
});
