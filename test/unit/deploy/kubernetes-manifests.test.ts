import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { admissionRoute, gatekeeperProviderRoute } from '../../../functions/lookup-api/routes/cluster-routes';
import { buildOpenApi } from '../../../functions/lookup-api/openapi/build-openapi';
import { runtimeConfigSchema } from '../../../functions/core/config/runtime-config';
import { POD_SPEC_PATHS } from '../../../functions/core/admission/admission-images';
import { field, KUBERNETES, manifests, objectsOfKind, yamlFiles, type Manifest } from './manifests';

/** The namespaces image-trust exempts unless configured otherwise. */
const DEFAULT_EXEMPT: string[] = runtimeConfigSchema.parse({
  allowlist: { registries: [{ host: 'example.com' }] },
  policy: { version: 'x' },
}).admission.exemptNamespaces;

/** The kinds whose images the API reads, as the API server names their resources. */
const KINDS = Object.keys(POD_SPEC_PATHS);
const resourceOf = (kind: string) => `${kind.toLowerCase()}s`;

const webhookConfig = () => {
  const [config] = objectsOfKind('ValidatingWebhookConfiguration');
  if (config === undefined) throw new Error('no ValidatingWebhookConfiguration');
  return config;
};
const provider = () => {
  const [found] = objectsOfKind('Provider');
  if (found === undefined) throw new Error('no Provider');
  return found;
};

describe('deploy/kubernetes', () => {
  it.each(yamlFiles())('%s parses and names what it declares', (file) => {
    const docs = manifests(file);

    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) {
      expect(typeof doc.apiVersion).toBe('string');
      expect(typeof doc.kind).toBe('string');
      if (doc.kind !== 'Kustomization') expect(doc.metadata?.name).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
    }
  });

  it('lists every manifest in exactly one kustomization, and only files that exist', () => {
    const kustomizations = yamlFiles().filter((f) => f.endsWith('kustomization.yaml'));
    const listed = kustomizations.flatMap((k) =>
      field<string[]>(manifests(k)[0], 'resources').map((r) => join(dirname(k), r)),
    );

    for (const file of listed) expect(existsSync(join(KUBERNETES, file))).toBe(true);
    expect([...listed].sort()).toEqual(yamlFiles().filter((f) => !f.endsWith('kustomization.yaml')));
  });
});

describe('the ValidatingWebhookConfiguration', () => {
  const webhook = () => field<Record<string, unknown>>(webhookConfig(), 'webhooks', 0);

  it('fails closed, has no side effects and speaks AdmissionReview v1 within the timeout', () => {
    expect(webhook()).toMatchObject({
      failurePolicy: 'Fail',
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      matchPolicy: 'Equivalent',
    });
    expect(field<number>(webhook(), 'timeoutSeconds')).toBeGreaterThanOrEqual(2);
    expect(field<number>(webhook(), 'timeoutSeconds')).toBeLessThanOrEqual(10);
    expect(field<string>(webhook(), 'name').split('.').length).toBeGreaterThanOrEqual(3);
  });

  it('calls the webhook endpoint over HTTPS, the credential as the last path segment', () => {
    const url = new URL(field<string>(webhook(), 'clientConfig', 'url'));

    expect(url.protocol).toBe('https:');
    expect(url.pathname).toBe('/v1/admission/CREDENTIAL');
    expect(url.pathname).not.toBe(admissionRoute.path);
    expect(url.search + url.hash + url.username).toBe('');
  });

  it('excludes the exempt namespaces, image-trust and kube-system always, and opted-out ones', () => {
    const expressions = field<{ key: string; operator: string; values: string[] }[]>(
      webhook(),
      'namespaceSelector',
      'matchExpressions',
    );

    expect(expressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...DEFAULT_EXEMPT, 'image-trust'] },
      { key: 'image-trust.dev/ignore', operator: 'NotIn', values: ['true'] },
    ]);
  });

  it('sends pods (with ephemeral containers) and every workload the API reads, on CREATE and UPDATE', () => {
    const rules = field<
      { apiGroups: string[]; apiVersions: string[]; operations: string[]; resources: string[] }[]
    >(webhook(), 'rules');
    const resources = rules.flatMap((r) => r.resources);

    expect([...resources].sort()).toEqual([...KINDS.map(resourceOf), 'pods/ephemeralcontainers'].sort());
    for (const rule of rules) {
      expect(rule.operations).toEqual(['CREATE', 'UPDATE']);
      expect(rule.apiVersions).toEqual(['v1']);
    }
  });
});

describe('the Gatekeeper Provider', () => {
  it('calls the provider route over HTTPS on the host of the OpenAPI server (the mTLS custom domain)', () => {
    const url = new URL(field<string>(provider(), 'spec', 'url'));
    const server = new URL(field<string>(buildOpenApi(), 'servers', 0, 'url'));

    expect(provider().apiVersion).toBe('externaldata.gatekeeper.sh/v1beta1');
    expect(url.protocol).toBe('https:');
    expect(url.pathname).toBe(gatekeeperProviderRoute.path);
    expect(url.host).toBe(server.host);
  });

  it('asks for an answer within 1-3 s, as Gatekeeper recommends', () => {
    const timeout = field<number>(provider(), 'spec', 'timeout');

    expect(Number.isInteger(timeout)).toBe(true);
    expect(timeout).toBeGreaterThanOrEqual(1);
    expect(timeout).toBeLessThanOrEqual(3);
  });

  it('trusts exactly Amazon Root CA 1-4, as Node ships them', () => {
    const pem = Buffer.from(field<string>(provider(), 'spec', 'caBundle'), 'base64').toString('utf8');
    const certificates = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    const shipped = new Set(rootCertificates.map((c) => new X509Certificate(c).fingerprint256));

    expect(certificates.map((c) => new X509Certificate(c).subject.split('\n').join(', '))).toEqual(
      [1, 2, 3, 4].map((n) => `C=US, O=Amazon, CN=Amazon Root CA ${n}`),
    );
    for (const c of certificates) expect(shipped.has(new X509Certificate(c).fingerprint256)).toBe(true);
  });
});

describe('the Gatekeeper constraints', () => {
  const templates = () => objectsOfKind('ConstraintTemplate');

  it.each(objectsOfKind('ConstraintTemplate').map((t) => t.metadata?.name ?? ''))(
    'have a template %s, whose constraint kind matches',
    (name) => {
      const template = templates().find((t) => t.metadata?.name === name) as Manifest;
      const kind = field<string>(template, 'spec', 'crd', 'spec', 'names', 'kind');
      const constraints = objectsOfKind(kind);

      expect(kind.toLowerCase()).toBe(name);
      expect(constraints).toHaveLength(1);
      expect(constraints[0]?.apiVersion).toBe('constraints.gatekeeper.sh/v1beta1');
    },
  );

  it('match the kinds the webhook sends and exclude the exempt namespaces', () => {
    for (const template of templates()) {
      const kind = field<string>(template, 'spec', 'crd', 'spec', 'names', 'kind');
      const [constraint] = objectsOfKind(kind);
      const match = field<{ kinds: { kinds: string[] }[]; excludedNamespaces: string[] }>(
        constraint,
        'spec',
        'match',
      );

      expect(match.kinds.flatMap((k) => k.kinds).sort()).toEqual([...KINDS].sort());
      expect(match.excludedNamespaces).toEqual(expect.arrayContaining(DEFAULT_EXEMPT));
      expect(['deny', 'warn', 'dryrun']).toContain(field<string>(constraint, 'spec', 'enforcementAction'));
    }
  });
});
