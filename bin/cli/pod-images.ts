import { imagesOf, POD_SPEC_PATHS } from '../../functions/core/admission/admission-images';
import { UsageError } from './exit-codes';

/** The lists of a pod spec that hold containers. */
export type ContainerList = 'containers' | 'initContainers' | 'ephemeralContainers';

/** One container of a listed object, with the image its spec names (what admission sees). */
export interface PodContainer {
  readonly namespace: string;
  /** The pod's name; `Kind/name` for a workload (Deployment, CronJob, ...). */
  readonly pod: string;
  readonly container: string;
  readonly list: ContainerList;
  /** As the spec writes it; empty when the container names none. */
  readonly image: string;
  /**
   * What the kubelet reports it runs (`status.*ContainerStatuses[].imageID`) when that names a digest,
   * without a runtime prefix such as `docker-pullable://`: a hint for pinning, never what is audited.
   */
  readonly runningImage?: string;
}

/** What was read from a document. */
export interface CollectedContainers {
  readonly containers: readonly PodContainer[];
  /** Items skipped, e.g. `Service/web (no pod spec)`. */
  readonly skipped: readonly string[];
}

const STATUS_LISTS: Readonly<Record<ContainerList, string>> = {
  containers: 'containerStatuses',
  initContainers: 'initContainerStatuses',
  ephemeralContainers: 'ephemeralContainerStatuses',
};

/**
 * Every container of `kubectl get pods -A -o json` (a `List` or `PodList`), or of a single object.
 * Workloads with a pod template (Deployment, CronJob, ...) are read too; other kinds are skipped.
 * Containers, init and ephemeral containers: the images in `spec`, because that is what admission
 * checks; the kubelet's `imageID` is kept only as `runningImage`.
 *
 * @throws UsageError when the document is not a Kubernetes object or list, or an item is malformed
 */
export function collectContainers(doc: unknown): CollectedContainers {
  if (!isRecord(doc))
    throw new UsageError('the input is not a Kubernetes object: expected `kubectl get pods -A -o json`');
  const items = Array.isArray(doc.items)
    ? (doc.items as unknown[])
    : typeof doc.kind === 'string' && !('items' in doc)
      ? [doc]
      : undefined;
  if (items === undefined)
    throw new UsageError('the input has no `items` list: expected `kubectl get pods -A -o json`');
  const containers: PodContainer[] = [];
  const skipped: string[] = [];
  items.forEach((item, i) => {
    if (!isRecord(item)) throw new UsageError(`items[${i}] is not an object`);
    const kind = typeof item.kind === 'string' ? item.kind : doc.kind === 'PodList' ? 'Pod' : '';
    const metadata = isRecord(item.metadata) ? item.metadata : {};
    const name = typeof metadata.name === 'string' ? metadata.name : `items[${i}]`;
    const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
    if (POD_SPEC_PATHS[kind] === undefined) {
      skipped.push(`${kind || '(no kind)'}/${name} (no pod spec)`);
      return;
    }
    let images;
    try {
      images = imagesOf(kind, item);
    } catch (error) {
      throw new UsageError(`${kind}/${name}: ${(error as Error).message}`, { cause: error });
    }
    for (const found of images) {
      const list = listOf(found.path);
      const running = kind === 'Pod' ? runningImage(item.status, list, found.container) : undefined;
      containers.push({
        namespace,
        pod: kind === 'Pod' ? name : `${kind}/${name}`,
        container: found.container,
        list,
        image: found.image,
        ...(running === undefined ? {} : { runningImage: running }),
      });
    }
  });
  return { containers, skipped };
}

function listOf(path: string): ContainerList {
  if (path.includes('.initContainers[')) return 'initContainers';
  if (path.includes('.ephemeralContainers[')) return 'ephemeralContainers';
  return 'containers';
}

function runningImage(status: unknown, list: ContainerList, container: string): string | undefined {
  const statuses = isRecord(status) ? status[STATUS_LISTS[list]] : undefined;
  if (!Array.isArray(statuses)) return undefined;
  const entry: unknown = statuses.find((s: unknown) => isRecord(s) && s.name === container);
  const imageId = isRecord(entry) && typeof entry.imageID === 'string' ? entry.imageID : '';
  const bare = imageId.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  return /@sha256:[0-9a-f]{64}$/.test(bare) ? bare : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
