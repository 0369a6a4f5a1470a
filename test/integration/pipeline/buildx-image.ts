import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import { MediaTypes } from '../../../functions/core/oci/media-types';
import { pushImage, type PushedImage } from '../../harness/image-builder';

/** An image as `docker buildx build --push` leaves it: platforms and attestations by digest, an index by tag. */
export interface BuildxImage {
  readonly index: string;
  readonly platforms: readonly PushedImage[];
  readonly attestations: readonly PushedImage[];
}

/**
 * Pushes a buildx-shaped image: one manifest per platform and one attestation manifest per platform,
 * both by digest, then an OCI index listing them (the attestations with platform `unknown/unknown` and
 * `vnd.docker.reference.type: attestation-manifest`), under `tag`.
 */
export async function pushBuildxImage(
  registryHost: string,
  repository: string,
  architectures: readonly string[],
  tag: string,
): Promise<BuildxImage> {
  const platforms: PushedImage[] = [];
  const attestations: PushedImage[] = [];
  for (const architecture of architectures) {
    platforms.push(await pushImage(registryHost, repository, { platform: { os: 'linux', architecture } }));
    attestations.push(await pushImage(registryHost, repository, { layerContentBytes: 64 }));
  }
  const manifests = [
    ...platforms.map((p, i) => ({
      mediaType: p.mediaType,
      digest: p.digest,
      size: p.manifest.byteLength,
      platform: { os: 'linux', architecture: architectures[i]! },
    })),
    ...attestations.map((a, i) => ({
      mediaType: a.mediaType,
      digest: a.digest,
      size: a.manifest.byteLength,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: {
        'vnd.docker.reference.type': 'attestation-manifest',
        'vnd.docker.reference.digest': platforms[i]!.digest,
      },
    })),
  ];
  const bytes = new TextEncoder().encode(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests }),
  );
  const index = await new OciRegistryClient().putManifest({ registry: registryHost, repository }, tag, {
    mediaType: MediaTypes.ociIndex,
    bytes,
  });
  return { index, platforms, attestations };
}
