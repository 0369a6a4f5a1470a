import { parseManifest } from '../../../functions/core/cosign/oci-manifest';
import { SIGSTORE_BUNDLE_V03 } from '../../../functions/core/cosign/media-types';
import type { DigestReference } from '../../../functions/core/image-reference';
import type { Registry } from '../../../functions/core/ports/registry';
import { attestationTag, signatureTag } from '../../../functions/core/reference';
import {
  DEFAULT_ARTIFACT_FORMATS,
  type ArtifactFormat,
} from '../../../functions/core/signing/signature-formats';

const PREDICATES: Partial<Record<ArtifactFormat, string>> = {
  'signature-bundle': 'https://sigstore.dev/cosign/sign/v1',
  'attestation-bundle': 'https://cosign.sigstore.dev/attestation/vuln/v1',
};

/**
 * Asserts an image was signed exactly once by the pipeline in the formats given (default: the
 * signing default): one `.sig` layer, one `.att` layer, one bundle referrer per bundle format, and
 * nothing of a format not asked for.
 */
export async function expectSignedOnce(
  registry: Registry,
  image: DigestReference,
  formats: readonly ArtifactFormat[] = DEFAULT_ARTIFACT_FORMATS,
): Promise<void> {
  const layers = async (tag: string) => {
    const stored = await registry.getManifest(image, tag);
    return stored ? (parseManifest(stored.bytes).layers ?? []) : [];
  };
  expect(await layers(signatureTag(image.digest))).toHaveLength(formats.includes('signature') ? 1 : 0);
  expect(await layers(attestationTag(image.digest))).toHaveLength(formats.includes('attestation') ? 1 : 0);
  const bundles = await registry.referrers(image, image.digest, SIGSTORE_BUNDLE_V03);
  expect(bundles.map((b) => b.annotations?.['dev.sigstore.bundle.predicateType']).sort()).toEqual(
    formats.flatMap((f) => PREDICATES[f] ?? []).sort(),
  );
}
