/** Builders of Kubernetes objects and AdmissionReviews for the admission tests. */
import type { AdmissionReview } from '../../../../functions/core/admission/admission-review';

export interface PodImages {
  readonly containers?: readonly string[];
  readonly initContainers?: readonly string[];
  readonly ephemeralContainers?: readonly string[];
}

/** A pod spec with one container per image, named `c0`, `i0`, `e0`, ... */
export function podSpec(images: PodImages): Record<string, unknown> {
  const list = (prefix: string, names: readonly string[] = []) =>
    names.map((image, i) => ({ name: `${prefix}${i}`, image }));
  return {
    containers: list('c', images.containers),
    ...(images.initContainers ? { initContainers: list('i', images.initContainers) } : {}),
    ...(images.ephemeralContainers ? { ephemeralContainers: list('e', images.ephemeralContainers) } : {}),
  };
}

/** Every kind the webhook checks, with its API group. */
export const WORKLOAD_KINDS = [
  ['Pod', ''],
  ['Deployment', 'apps'],
  ['StatefulSet', 'apps'],
  ['DaemonSet', 'apps'],
  ['ReplicaSet', 'apps'],
  ['Job', 'batch'],
  ['CronJob', 'batch'],
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number][0];

/** An object of `kind` whose pod (template) runs `images`. */
export function workload(kind: WorkloadKind, images: PodImages, name = 'web'): Record<string, unknown> {
  const spec = podSpec(images);
  const template = { metadata: { labels: { app: name } }, spec };
  const specs: Record<WorkloadKind, unknown> = {
    Pod: spec,
    Deployment: { replicas: 1, selector: { matchLabels: { app: name } }, template },
    StatefulSet: { serviceName: name, selector: { matchLabels: { app: name } }, template },
    DaemonSet: { selector: { matchLabels: { app: name } }, template },
    ReplicaSet: { selector: { matchLabels: { app: name } }, template },
    Job: { template },
    CronJob: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } } },
  };
  return { kind, metadata: { name }, spec: specs[kind] };
}

/** An AdmissionReview v1 for CREATE of `object`. */
export function admissionReview(
  kind: WorkloadKind | string,
  object: unknown,
  options: { namespace?: string; uid?: string; group?: string } = {},
): AdmissionReview {
  const group = options.group ?? WORKLOAD_KINDS.find(([k]) => k === kind)?.[1] ?? '';
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: options.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind: { group, version: 'v1', kind },
      operation: 'CREATE',
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      object,
    },
  };
}
