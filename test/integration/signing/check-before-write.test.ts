import { attestationTag, signatureTag } from '../../../functions/core/reference';
import type { Signer } from '../../../functions/core/ports/signer';
import { signImage } from '../../../functions/core/signing/sign-image';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { CLEAN_TRIVY_SCAN, startSigningFixture, type SigningFixture } from './signing-fixture';

const scan = CLEAN_TRIVY_SCAN;

/**
 * Nothing is read back after writing, so a signature is checked before it is written: a signer whose
 * key is not the one it claims (an alias moved to another key, a mixed-up region) writes nothing.
 */
describe('signatures are checked against the key before they are written', () => {
  let f: SigningFixture;
  let other: SigningFixture;
  beforeAll(async () => {
    [f, other] = await Promise.all([startSigningFixture(), startSigningFixture()]);
  });
  afterAll(async () => Promise.all([f.stop(), other.stop()]));

  /** Signs with the fixture's key but presents another key as its public key. */
  const mismatched = (): Signer => ({
    keyId: f.deps.signer.keyId,
    sign: (data) => f.deps.signer.sign(data),
    publicKeyPem: async () => other.publicKeyPem,
  });

  it.each([
    ['the default formats', undefined],
    ['a bundle referrer', ['signature-bundle', 'attestation-bundle'] as const],
  ])('refuses to write %s signed by another key than the public key says', async (_case, formats) => {
    const image = await pushImage(sharedRegistryHost(), 'check-before-write/mismatch');

    const failed = signImage({ registry: f.registry, signer: mismatched() }, image.reference, {
      scan,
      ...(formats ? { formats } : {}),
    });

    await expect(failed).rejects.toMatchObject({ retryable: true, message: expect.stringMatching(/verif/) });
    expect(await f.registry.getManifest(image.reference, signatureTag(image.digest))).toBeUndefined();
    expect(await f.registry.getManifest(image.reference, attestationTag(image.digest))).toBeUndefined();
    expect(await f.registry.referrers(image.reference, image.digest)).toEqual([]);
  });
});
