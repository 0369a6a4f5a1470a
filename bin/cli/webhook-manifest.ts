import { stringify } from 'yaml';

/** The label that takes a namespace out of the webhook's reach: `image-trust.dev/ignore=true`. */
export const OPT_OUT_LABEL = 'image-trust.dev/ignore';
/** Never checked, whatever their labels: the control plane's namespace and image-trust's own. */
export const ALWAYS_EXEMPT = ['kube-system'] as const;
/** The namespace image-trust's in-cluster parts (if any) run in, by default. */
export const DEFAULT_NAMESPACE = 'image-trust';
/** The URL in deploy/kubernetes/webhook/: `image-trust cluster-manifests` prints the real one. */
export const PLACEHOLDER_URL = 'https://API_ID.execute-api.REGION.amazonaws.com/v1/admission/CREDENTIAL';

export interface WebhookManifestOptions {
  /** The whole webhook URL, credential included. */
  readonly url: string;
  /** image-trust's own namespace, never blocked. */
  readonly namespace?: string;
}

/**
 * The ValidatingWebhookConfiguration for the webhook endpoint (lib/api/admission-webhook-api.ts), as
 * an object: fail closed, a 5 s timeout (the lookup's budget is 1 s; the rest covers a cold start),
 * no side effects, v1 reviews, Pods and the workload kinds on CREATE and UPDATE, every namespace but
 * kube-system, image-trust's own and those labelled `image-trust.dev/ignore=true`. No caBundle: the
 * execute-api endpoint has a public certificate, which the API server trusts through its system roots.
 */
export function webhookConfiguration(options: WebhookManifestOptions): Record<string, unknown> {
  const exempt = [...new Set([...ALWAYS_EXEMPT, options.namespace ?? DEFAULT_NAMESPACE])];
  const rule = (apiGroup: string, resources: string[]) => ({
    apiGroups: [apiGroup],
    apiVersions: ['v1'],
    operations: ['CREATE', 'UPDATE'],
    resources,
    scope: 'Namespaced',
  });
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'image-trust', labels: { 'app.kubernetes.io/name': 'image-trust' } },
    webhooks: [
      {
        name: 'verdicts.image-trust.dev',
        admissionReviewVersions: ['v1'],
        sideEffects: 'None',
        failurePolicy: 'Fail',
        matchPolicy: 'Equivalent',
        timeoutSeconds: 5,
        clientConfig: { url: options.url },
        namespaceSelector: {
          matchExpressions: [
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: exempt },
            { key: OPT_OUT_LABEL, operator: 'NotIn', values: ['true'] },
          ],
        },
        rules: [
          rule('', ['pods', 'pods/ephemeralcontainers']),
          rule('apps', ['deployments', 'statefulsets', 'daemonsets', 'replicasets']),
          rule('batch', ['jobs', 'cronjobs']),
        ],
      },
    ],
  };
}

/** The manifest as YAML, with a comment that says where it came from and that its URL is a secret. */
export function webhookManifestYaml(options: WebhookManifestOptions): string {
  return [
    '# image-trust validating webhook (image-trust cluster-manifests). The URL carries the webhook',
    '# credential: treat this file as a secret. Apply with: kubectl apply -f <this file>',
    stringify(webhookConfiguration(options), { lineWidth: 0 }),
  ].join('\n');
}
