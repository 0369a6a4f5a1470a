import { InvalidInputError, UnsupportedError } from '../errors';

/** The most containers (all lists together) one object may have; more is refused, not checked. */
export const MAX_CONTAINERS_PER_OBJECT = 1000;

/** The lists of a pod spec that hold containers, each with an image. */
export const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** Where each kind keeps its pod spec. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

/** One container's image, and where it was found. */
export interface ContainerImage {
  /** `spec.template.spec.initContainers[0]` */
  readonly path: string;
  readonly container: string;
  /** As written; empty when the container has none. */
  readonly image: string;
}

/**
 * Every image of a Pod or of a workload's pod template: containers, init and ephemeral containers.
 * A container without an image is listed with an empty image (which no lookup allows).
 *
 * @throws UnsupportedError for a kind whose pod spec is not known (denied: fail closed)
 * @throws InvalidInputError when a container list is not a list, a container not an object, or the
 *   object has more than MAX_CONTAINERS_PER_OBJECT containers
 */
export function imagesOf(
  kind: string,
  object: unknown,
  maxContainers = MAX_CONTAINERS_PER_OBJECT,
): ContainerImage[] {
  const specPath = POD_SPEC_PATHS[kind];
  if (specPath === undefined) {
    throw new UnsupportedError(`image-trust does not know where a ${kind} keeps its images`);
  }
  let spec: unknown = object;
  for (const field of specPath) spec = isRecord(spec) ? spec[field] : undefined;
  if (!isRecord(spec)) return [];
  const lists = CONTAINER_LISTS.map((name) => [name, spec[name]] as const).filter(([, list]) => list != null);
  for (const [name, list] of lists) {
    if (!Array.isArray(list)) throw new InvalidInputError(`${specPath.join('.')}.${name} is not a list`);
  }
  const total = lists.reduce((n, [, list]) => n + (list as unknown[]).length, 0);
  if (total > maxContainers) {
    throw new InvalidInputError(
      `the ${kind} has ${total} containers; image-trust checks at most ${maxContainers} in one object`,
    );
  }
  return lists.flatMap(([name, list]) =>
    (list as unknown[]).map((container, i) => {
      const path = `${specPath.join('.')}.${name}[${i}]`;
      if (!isRecord(container)) throw new InvalidInputError(`${path} is not an object`);
      return {
        path,
        container: typeof container.name === 'string' ? container.name : `#${i}`,
        image: typeof container.image === 'string' ? container.image : '',
      };
    }),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
