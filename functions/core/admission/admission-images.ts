import { InvalidInputError, UnsupportedError } from '../errors';

/** The most containers (all lists together) one object may have; more is refused, not checked. */
export const MAX_CONTAINERS_PER_OBJECT = 1000;

/** The lists of a pod spec that hold containers, each with an image. */
export const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/**
 * Where each known kind keeps its pod spec. A null-prototype object: a kind called `constructor` or
 * `__proto__` is not a key of it (read it with `podSpecPathOf`).
 */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, readonly string[]>, {
    Pod: ['spec'],
    Deployment: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  }),
);

/** Where another kind may carry a pod template, tried in order (one generic path for all of them). */
export const GENERIC_POD_SPEC_PATHS: readonly (readonly string[])[] = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
];

/** The known kind's pod spec path, by own property only. */
export function podSpecPathOf(kind: string): readonly string[] | undefined {
  return Object.hasOwn(POD_SPEC_PATHS, kind) ? POD_SPEC_PATHS[kind] : undefined;
}

/** One image a pod pulls, and where it was found. */
export interface ContainerImage {
  /** `spec.template.spec.initContainers[0]`, `spec.volumes[2]` */
  readonly path: string;
  /** The container's name, or `volume <name>` for an image volume. */
  readonly container: string;
  /** As written; empty when the container has none. */
  readonly image: string;
}

/**
 * Every image a Pod, or a workload's pod template, pulls: containers, init and ephemeral containers,
 * and image volumes (`volumes[].image.reference`). Known kinds are read where they keep their pod
 * spec; any other kind through the one generic path (`spec.template.spec`, then
 * `spec.jobTemplate.spec.template.spec`). A container without an image is listed with an empty image
 * (which no lookup allows).
 *
 * @throws UnsupportedError for a kind with no known pod spec and no pod template (denied: fail closed)
 * @throws InvalidInputError when a known kind lacks its pod spec, a list is not a list, a container
 *   or volume not an object, an image not a string, or there are more than `maxContainers` images
 */
export function imagesOf(
  kind: string,
  object: unknown,
  maxContainers = MAX_CONTAINERS_PER_OBJECT,
): ContainerImage[] {
  const { specPath, spec } = podSpecOf(kind, object);
  const where = specPath.join('.');
  const lists = CONTAINER_LISTS.map((name) => [name, own(spec, name)] as const).filter(([, l]) => l != null);
  const volumes = own(spec, 'volumes');
  for (const [name, list] of [...lists, ['volumes', volumes] as const]) {
    if (list != null && !Array.isArray(list)) throw new InvalidInputError(`${where}.${name} is not a list`);
  }
  const imageVolumes = ((volumes ?? []) as unknown[])
    .map((volume, i) => ({ volume, i }))
    .filter(({ volume }) => !isRecord(volume) || own(volume, 'image') != null);
  const total = lists.reduce((n, [, list]) => n + (list as unknown[]).length, 0) + imageVolumes.length;
  if (total > maxContainers) {
    throw new InvalidInputError(
      `the ${kind} has ${total} images; image-trust checks at most ${maxContainers} in one object`,
    );
  }
  const containers = lists.flatMap(([name, list]) =>
    (list as unknown[]).map((container, i) => {
      const path = `${where}.${name}[${i}]`;
      if (!isRecord(container)) throw new InvalidInputError(`${path} is not an object`);
      const containerName = own(container, 'name');
      return {
        path,
        container: typeof containerName === 'string' ? containerName : `#${i}`,
        image: imageText(own(container, 'image'), `${path}.image`),
      };
    }),
  );
  const fromVolumes = imageVolumes.map(({ volume, i }) => {
    const path = `${where}.volumes[${i}]`;
    const source = isRecord(volume) ? own(volume, 'image') : undefined;
    if (!isRecord(volume) || !isRecord(source)) throw new InvalidInputError(`${path}.image is not an object`);
    const name = own(volume, 'name');
    return {
      path,
      container: `volume ${typeof name === 'string' ? name : `#${i}`}`,
      image: imageText(own(source, 'reference'), `${path}.image.reference`),
    };
  });
  return [...containers, ...fromVolumes];
}

/** The pod spec and where it was found; a known kind must have it, another kind must have a template. */
function podSpecOf(kind: string, object: unknown): { specPath: readonly string[]; spec: unknown } {
  const known = podSpecPathOf(kind);
  if (known !== undefined) {
    const spec = at(object, known);
    if (!isRecord(spec)) {
      throw new InvalidInputError(`the ${kind} has no pod spec at ${known.join('.')}: nothing to check`);
    }
    return { specPath: known, spec };
  }
  for (const path of GENERIC_POD_SPEC_PATHS) {
    const spec = at(object, path);
    if (isRecord(spec)) return { specPath: path, spec };
  }
  throw new UnsupportedError(
    `image-trust does not know where a ${kind} keeps its images (no spec.template.spec)`,
  );
}

/** An image field: a string, or absent (empty); anything else is refused with where it is. */
function imageText(value: unknown, path: string): string {
  if (value == null) return '';
  if (typeof value !== 'string') throw new InvalidInputError(`${path} is not a string`);
  return value;
}

function at(object: unknown, path: readonly string[]): unknown {
  let value: unknown = object;
  for (const field of path) value = isRecord(value) ? own(value, field) : undefined;
  return value;
}

/** A field of a JSON object by own property only (`constructor` is not every object's field). */
function own(record: unknown, field: string): unknown {
  return isRecord(record) && Object.hasOwn(record, field) ? record[field] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
