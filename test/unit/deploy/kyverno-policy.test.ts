import { VULN_PREDICATE } from '../../../functions/core/cosign/media-types';
import { runtimeConfigSchema } from '../../../functions/core/config/runtime-config';
import { field, manifests } from './manifests';

const [policy] = manifests('kyverno/cluster-policy.yaml');
const rule = field<Record<string, unknown>>(policy, 'spec', 'rules', 0);
const verify = field<Record<string, unknown>>(rule, 'verifyImages', 0);
const DEFAULT_EXEMPT: string[] = runtimeConfigSchema.parse({
  allowlist: { registries: [{ host: 'example.com' }] },
  policy: { version: 'x' },
}).admission.exemptNamespaces;

/** Every key entry of an attestor list. */
const keysOf = (attestors: unknown) =>
  field<{ entries: { keys: Record<string, unknown> }[] }[]>(attestors, ...[]).flatMap((a) =>
    a.entries.map((e) => e.keys),
  );

describe('the Kyverno ClusterPolicy', () => {
  it('is one ClusterPolicy that fails closed, on Pods, outside the exempt namespaces', () => {
    expect(manifests('kyverno/cluster-policy.yaml')).toHaveLength(1);
    expect(policy).toMatchObject({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy' });
    expect(field(policy, 'spec', 'failurePolicy')).toBe('Fail');
    expect(field<unknown[]>(policy, 'spec', 'rules')).toHaveLength(1);
    expect(field(rule, 'match', 'any', 0, 'resources', 'kinds')).toEqual(['Pod']);
    expect(field<string[]>(rule, 'exclude', 'any', 0, 'resources', 'namespaces')).toEqual(
      expect.arrayContaining(DEFAULT_EXEMPT),
    );
  });

  it('verifies image-trust’s cosign signature by key, by digest, on ECR images, enforcing', () => {
    expect(verify).toMatchObject({
      type: 'Cosign',
      failureAction: 'Enforce',
      required: true,
      verifyDigest: true,
      mutateDigest: false,
      imageRegistryCredentials: { providers: ['amazon'] },
    });
    expect(field<string[]>(verify, 'imageReferences')).toEqual([
      expect.stringMatching(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/\*$/),
    ]);
    for (const keys of keysOf(field(verify, 'attestors'))) {
      expect(keys.publicKeys).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/);
      expect(keys).toMatchObject({
        signatureAlgorithm: 'sha256',
        rekor: { ignoreTlog: true },
        ctlog: { ignoreSCT: true },
      });
    }
  });

  it('requires the vulnerability attestation image-trust writes, with a scan at most 7 days old', () => {
    const [attestation] = field<Record<string, unknown>[]>(verify, 'attestations');
    const condition = field<{ key: string; operator: string; value: string }>(
      attestation,
      'conditions',
      0,
      'all',
      0,
    );

    expect(attestation?.type).toBe(VULN_PREDICATE);
    expect(keysOf(field(attestation, 'attestors'))).toEqual(keysOf(field(verify, 'attestors')));
    expect(condition).toEqual({
      key: "{{ time_since('', '{{ metadata.scanFinishedOn }}', '') }}",
      operator: 'LessThanOrEquals',
      value: '168h',
    });
  });
});
