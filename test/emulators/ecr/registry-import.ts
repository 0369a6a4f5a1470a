/**
 * Fills the emulator's catalogue from the real registry it fronts, over the distribution API: the
 * repository's tags (or the references given), each manifest read to learn its digest, media types
 * and size. The registry does not say when an image was pushed: `imagePushedAt` is the import time.
 */
import { createHash } from 'node:crypto';
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_INDEX,
  type ImageCatalog,
  type ImageRecord,
} from './images';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const ACCEPT = [OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST].join(', ');

interface ManifestJson {
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly config?: { readonly mediaType?: string; readonly size?: number };
  readonly layers?: readonly { readonly size?: number; readonly mediaType?: string }[];
  readonly manifests?: readonly { readonly size?: number }[];
}

/** Registers the images of `repositoryName` (all tags, or `references`: tags or digests). */
export async function importFromRegistry(
  catalog: ImageCatalog,
  registryUrl: string,
  repositoryName: string,
  references?: readonly string[],
): Promise<ImageRecord[]> {
  const refs = references ?? (await listTags(registryUrl, repositoryName));
  const digests = new Set<string>();
  for (const ref of refs) {
    const res = await fetch(`${registryUrl}/v2/${repositoryName}/manifests/${ref}`, {
      headers: { accept: ACCEPT },
    });
    if (!res.ok) throw new Error(`GET manifest ${repositoryName}:${ref}: HTTP ${res.status}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    const manifest = JSON.parse(bytes.toString('utf8')) as ManifestJson;
    const digest =
      res.headers.get('docker-content-digest') ??
      `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    const sizes = [...(manifest.layers ?? []), ...(manifest.manifests ?? []), manifest.config ?? {}];
    const record = catalog.register({
      repositoryName,
      imageDigest: digest,
      imageTags: ref.includes(':') ? [] : [ref],
      imageManifestMediaType:
        manifest.mediaType ?? res.headers.get('content-type')?.split(';')[0] ?? OCI_MANIFEST,
      artifactMediaType: manifest.artifactType ?? manifest.config?.mediaType,
      ...(manifest.layers ? { layerMediaTypes: manifest.layers.map((l) => l.mediaType ?? '') } : {}),
      imageSizeInBytes: bytes.length + sizes.reduce((sum, d) => sum + (d.size ?? 0), 0),
    });
    digests.add(record.imageDigest);
  }
  return catalog.list(repositoryName).filter((i) => digests.has(i.imageDigest));
}

async function listTags(registryUrl: string, repositoryName: string): Promise<string[]> {
  const res = await fetch(`${registryUrl}/v2/${repositoryName}/tags/list`);
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`GET tags of ${repositoryName}: HTTP ${res.status}`);
  return ((await res.json()) as { tags?: string[] | null }).tags ?? [];
}
