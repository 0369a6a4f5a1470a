import { parseManifest } from '../../../functions/core/cosign/oci-manifest';
import { SIGSTORE_BUNDLE_V03 } from '../../../functions/core/cosign/media-types';
import type { DigestReference } from '../../../functions/core/image-reference';
import type { Registry } from '../../../functions/core/ports/registry';
import { signatureTag } from '../../../functions/core/reference';

/**
 * Asserts an image was signed exactly once by the pipeline: one `.sig` layer, one signature bundle and
 * one vuln attestation bundle among its referrers.
 */
export async function expectSignedOnce(registry: Registry, image: DigestReference): Promise<void> {
  const sig = await registry.getManifest(image, signatureTag(image.digest));
  expect(parseManifest(sig!.bytes).layers).toHaveLength(1);
  const bundles = await registry.referrers(image, image.digest, SIGSTORE_BUNDLE_V03);
  expect(bundles.map((b) => b.annotations?.['dev.sigstore.bundle.predicateType']).sort()).toEqual([
    'https://cosign.sigstore.dev/attestation/vuln/v1',
    'https://sigstore.dev/cosign/sign/v1',
  ]);
}
