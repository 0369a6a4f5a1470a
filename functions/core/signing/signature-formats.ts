import type { SignatureArtifactKind } from '../verdict/verdict-parts';

/**
 * What signing can write for one subject, named as the verdict names the artifacts:
 * - `signature`: cosign's legacy signature, tag `sha256-HEX.sig` (cosign 2 and 3, Kyverno,
 *   policy-controller, containers/image: CRI-O, Podman, skopeo);
 * - `attestation`: the vuln/v1 attestation in cosign's legacy `.att` (cosign `verify-attestation`,
 *   Kyverno and policy-controller attestation rules);
 * - `signature-bundle`: cosign 3's Sigstore bundle, an OCI 1.1 referrer;
 * - `attestation-bundle`: the vuln/v1 attestation as a Sigstore bundle referrer.
 * Each costs a manifest PUT (ECR PutImage, the tightest write quota) per subject; a bundle referrer
 * costs a second one (the fallback index) on a registry without the referrers API.
 */
export type ArtifactFormat = SignatureArtifactKind;

export const ARTIFACT_FORMATS = [
  'signature',
  'attestation',
  'signature-bundle',
  'attestation-bundle',
] as const satisfies readonly ArtifactFormat[];

/**
 * The default: what every verifier users run reads (README "Signature formats"): the legacy `.sig`
 * and, with a scan, the legacy `.att`. At most 2 manifest PUTs per single-platform image.
 */
export const DEFAULT_ARTIFACT_FORMATS: readonly ArtifactFormat[] = ['signature', 'attestation'];
