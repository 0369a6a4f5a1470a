import { InvalidInputError } from '../errors';
import type { Descriptor } from '../ports/registry';
import { fromUtf8, jsonBytes } from './bytes';
import { MediaTypes } from '../oci/media-types';

/** The parts of an OCI image manifest or index that image-trust reads and writes. */
export interface OciManifest {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly config?: Descriptor;
  readonly layers?: readonly Descriptor[];
  readonly manifests?: readonly Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

export function parseManifest(bytes: Uint8Array): OciManifest {
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new InvalidInputError('manifest is not JSON', { cause });
  }
  const m = doc as Partial<OciManifest> | null;
  if (!m || typeof m !== 'object' || m.schemaVersion !== 2) {
    throw new InvalidInputError('manifest is not schema version 2');
  }
  return m as OciManifest;
}

/**
 * The config cosign writes for its `.sig` and `.att` manifests: an empty image config whose diff_ids
 * list the layers. A fixed creation time keeps it reproducible.
 */
export function attachmentConfig(layers: readonly Pick<Descriptor, 'digest'>[]): Uint8Array {
  return jsonBytes({
    architecture: '',
    created: '0001-01-01T00:00:00Z',
    history: [{ created: '0001-01-01T00:00:00Z' }],
    os: '',
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
    config: {},
  });
}

export function imageManifest(config: Descriptor, layers: readonly Descriptor[]): Uint8Array {
  return jsonBytes({
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    config: { ...config, mediaType: MediaTypes.ociConfig },
    layers,
  });
}
