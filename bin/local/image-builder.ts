import type { DigestReference } from '../../functions/core/image-reference';
import type { Descriptor, Registry, RepositoryLocator } from '../../functions/core/ports/registry';
import { OciRegistryClient } from '../../functions/adapters/registry/oci-registry-client';
import { sha256Digest } from '../../functions/core/oci/digest';
import { MediaTypes } from '../../functions/core/oci/media-types';
import { randomLayer } from './image-layer';

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export interface PushImageOptions {
  /** The registry client to push with; default an anonymous OciRegistryClient. */
  readonly client?: Registry;
  /** `oci` (default) or Docker v2 schema 2 media types. */
  readonly format?: 'oci' | 'docker';
  /** Manifest annotations, e.g. a Trivy JSON report under `trivy.scan.result`. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Tags to put the manifest under; without any it is pushed by digest only. */
  readonly tags?: string | readonly string[];
  /** Bytes of random content in the layer's one file; default 256. */
  readonly layerContentBytes?: number;
  /** Default linux/amd64. */
  readonly platform?: Platform;
}

export interface PushedImage {
  readonly reference: DigestReference;
  readonly digest: string;
  readonly manifest: Uint8Array;
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
}

export interface PushedPlatformImage extends PushedImage {
  readonly platform: Platform;
}

export interface PushedIndex {
  readonly reference: DigestReference;
  readonly digest: string;
  readonly manifest: Uint8Array;
  readonly mediaType: string;
  readonly platforms: readonly PushedPlatformImage[];
}

/**
 * Pushes a real single-platform image over the registry's HTTP API (no Docker): a gzip'd tar layer
 * of random content, a valid image config (architecture, os, rootfs diff_ids) and an image manifest.
 */
export async function pushImage(
  registryUrlOrHost: string,
  repository: string,
  options: PushImageOptions = {},
): Promise<PushedImage> {
  const repo: RepositoryLocator = { registry: registryHost(registryUrlOrHost), repository };
  const client = options.client ?? new OciRegistryClient();
  const docker = options.format === 'docker';
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const layer = randomLayer(options.layerContentBytes ?? 256);
  const created = new Date().toISOString();
  const config = {
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin'], Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: [sha256Digest(layer.tar)] },
    history: [{ created, created_by: 'image-trust test harness' }],
  };
  const layerDescriptor = await client.pushBlob(
    repo,
    layer.gzip,
    docker ? MediaTypes.dockerLayerGzip : MediaTypes.ociLayerGzip,
  );
  const configDescriptor = await client.pushBlob(
    repo,
    new TextEncoder().encode(JSON.stringify(config)),
    docker ? MediaTypes.dockerConfig : MediaTypes.ociConfig,
  );
  const mediaType = docker ? MediaTypes.dockerManifest : MediaTypes.ociManifest;
  const manifest = encode({
    schemaVersion: 2,
    mediaType,
    config: configDescriptor,
    layers: [layerDescriptor],
    ...(options.annotations ? { annotations: options.annotations } : {}),
  });
  const digest = await putUnderTags(client, repo, { mediaType, bytes: manifest }, options.tags);
  return {
    reference: { ...repo, digest },
    digest,
    manifest,
    mediaType,
    config: configDescriptor,
    layers: [layerDescriptor],
  };
}

/**
 * Pushes one image per platform and an image index over them (OCI index, or a Docker manifest list
 * with `format: 'docker'`). The index carries `annotations` and `tags`; the platform images do not.
 */
export async function pushMultiPlatformImage(
  registryUrlOrHost: string,
  repository: string,
  platforms: readonly Platform[],
  options: Omit<PushImageOptions, 'platform'> = {},
): Promise<PushedIndex> {
  const repo: RepositoryLocator = { registry: registryHost(registryUrlOrHost), repository };
  const client = options.client ?? new OciRegistryClient();
  const pushed: PushedPlatformImage[] = [];
  for (const platform of platforms) {
    const image = await pushImage(registryUrlOrHost, repository, {
      client,
      format: options.format,
      layerContentBytes: options.layerContentBytes,
      platform,
    });
    pushed.push({ ...image, platform });
  }
  const mediaType = options.format === 'docker' ? MediaTypes.dockerManifestList : MediaTypes.ociIndex;
  const manifest = encode({
    schemaVersion: 2,
    mediaType,
    manifests: pushed.map((image) => ({
      mediaType: image.mediaType,
      digest: image.digest,
      size: image.manifest.byteLength,
      platform: image.platform,
    })),
    ...(options.annotations ? { annotations: options.annotations } : {}),
  });
  const digest = await putUnderTags(client, repo, { mediaType, bytes: manifest }, options.tags);
  return { reference: { ...repo, digest }, digest, manifest, mediaType, platforms: pushed };
}

/** `127.0.0.1:5000` from `http://127.0.0.1:5000` or `127.0.0.1:5000`. */
export function registryHost(registryUrlOrHost: string): string {
  return registryUrlOrHost.includes('://') ? new URL(registryUrlOrHost).host : registryUrlOrHost;
}

async function putUnderTags(
  client: Registry,
  repo: RepositoryLocator,
  manifest: { mediaType: string; bytes: Uint8Array },
  tags: string | readonly string[] | undefined,
): Promise<string> {
  const list = tags === undefined ? [] : typeof tags === 'string' ? [tags] : tags;
  const digest = sha256Digest(manifest.bytes);
  for (const reference of list.length ? list : [digest]) {
    const stored = await client.putManifest(repo, reference, manifest);
    if (stored !== digest) throw new Error(`registry stored ${reference} as ${stored}, expected ${digest}`);
  }
  return digest;
}

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
