import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The digests of every manifest a repository holds, read from the storage folder of the registry the
 * local mode runs (Distribution 2.8 keeps one `_manifests/revisions/sha256/<hex>` entry per manifest
 * pushed, by tag or by digest). Distribution's API lists tags only: no call names a manifest pushed by
 * digest alone (a platform manifest of a buildx push), so the sweep reads the folder it owns. Empty
 * when the repository has no such folder.
 */
export async function manifestDigests(storageDir: string, repository: string): Promise<string[]> {
  const revisions = join(
    storageDir,
    'docker/registry/v2/repositories',
    repository,
    '_manifests/revisions/sha256',
  );
  const entries = await readdir(revisions).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return entries.filter((hex) => /^[a-f0-9]{64}$/.test(hex)).map((hex) => `sha256:${hex}`);
}
