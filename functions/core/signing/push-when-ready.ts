import type { Descriptor, Registry, RepositoryLocator } from '../ports/registry';

/**
 * Uploads a blob still being made (`bytes`; `undefined`: nothing to upload after all) without asking
 * first. `early` (a write is likely): through the registry's `pushBlobWhenReady`, the upload opened
 * while the bytes are made; else (or without it) `pushBlob` once they are there, so that finding
 * everything already written opens no upload. Never rejects before `bytes` settle.
 */
export function pushBlobWhenReady(
  registry: Registry,
  repo: RepositoryLocator,
  bytes: Promise<Uint8Array | undefined>,
  mediaType: string,
  early: boolean,
): Promise<Descriptor | undefined> {
  if (early && registry.pushBlobWhenReady) return registry.pushBlobWhenReady(repo, bytes, mediaType);
  return bytes.then((ready) =>
    ready === undefined ? undefined : registry.pushBlob(repo, ready, mediaType, 'upload'),
  );
}
