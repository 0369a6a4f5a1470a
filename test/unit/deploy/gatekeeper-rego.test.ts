import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONTAINER_LISTS, POD_SPEC_PATHS } from '../../../functions/core/admission/admission-images';
import {
  UNCHECKED_OPERATIONS,
  UNCHECKED_SUBRESOURCES,
} from '../../../functions/core/admission/admission-scope';
import { LAYERS } from '../../../functions/core/lookup/verdict-answer';
import { field, KUBERNETES, objectsOfKind, yamlFiles } from './manifests';

const template = () => {
  const templates = objectsOfKind('ConstraintTemplate');
  if (templates.length !== 1) throw new Error(`expected one ConstraintTemplate, found ${templates.length}`);
  return templates[0];
};
const rego = () => field<string>(template(), 'spec', 'targets', 0, 'rego');
const helmValues = () =>
  parse(readFileSync(join(KUBERNETES, 'gatekeeper/helm-values.yaml'), 'utf8')) as Record<string, unknown>;

describe('the Gatekeeper template', () => {
  it('is one template whose messages name the four layers, one call for all images', () => {
    expect(template()?.metadata?.name).toBe('k8simagetrust');
    expect(rego().match(/external_data\(/g)).toHaveLength(1);
    expect(rego()).toContain('external_data({"provider": provider, "keys": [image | asked[image]]})');
    expect(rego()).toContain('layers := ["allowlist", "digest", "scan", "signature"]');
    expect([...LAYERS]).toEqual(['allowlist', 'digest', 'scan', 'signature']);
    for (const layer of LAYERS) expect(rego()).toContain(`[${layer}]`);
  });

  it('calls the provider by the name the Provider has', () => {
    const [provider] = objectsOfKind('Provider');

    expect(rego()).toContain(`provider := "${provider?.metadata?.name}"`);
  });

  it('reads the container lists and pod spec paths the API reads, and skips what the API skips', () => {
    const lists = /container_lists := \{(.*)\}/
      .exec(rego())?.[1]
      ?.split(', ')
      .map((s) => JSON.parse(s) as string);
    const known = /known_paths := (\{[\s\S]*?\n\})/.exec(rego())?.[1] ?? '{}';
    const paths = JSON.parse(known.replace(/,\s*\}$/, '}')) as Record<string, string[]>;
    const operations = /unchecked_operations := (\{.*\})/.exec(rego())?.[1] ?? '';
    const subresources = /unchecked_subresources := (\{.*\})/.exec(rego())?.[1] ?? '';

    expect(lists).toEqual([...CONTAINER_LISTS]);
    expect(paths).toEqual({ ...POD_SPEC_PATHS });
    expect(new Set(JSON.parse(operations.replace(/^\{/, '[').replace(/\}$/, ']')) as string[])).toEqual(
      UNCHECKED_OPERATIONS,
    );
    expect(new Set(JSON.parse(subresources.replace(/^\{/, '[').replace(/\}$/, ']')) as string[])).toEqual(
      UNCHECKED_SUBRESOURCES,
    );
    expect(rego()).toContain('volume.image');
  });

  it('denies unless the answer says allowed is true', () => {
    expect(rego().match(/not value\.allowed == true/g)).toHaveLength(2);
  });
});

describe('the Gatekeeper installation', () => {
  it("fails closed: Gatekeeper's webhook Fail, with a timeout above the provider's", () => {
    const [provider] = objectsOfKind('Provider');
    const providerTimeout = field<number>(provider, 'spec', 'timeout');

    expect(helmValues()).toMatchObject({ validatingWebhookFailurePolicy: 'Fail', enableExternalData: true });
    expect(helmValues().validatingWebhookTimeoutSeconds).toBeGreaterThan(providerTimeout);
    expect(helmValues().validatingWebhookTimeoutSeconds).toBeLessThanOrEqual(30);
  });

  it('names one Gatekeeper version everywhere', () => {
    const texts = [
      ...yamlFiles().filter((f) => f.startsWith('gatekeeper/')),
      'gatekeeper/helm-values.yaml',
    ].map((f) => readFileSync(join(KUBERNETES, f), 'utf8'));
    const docs = ['README.md', 'docs/API.md'].map((f) => readFileSync(join(KUBERNETES, '../..', f), 'utf8'));
    const versions = [...texts, ...docs].flatMap((t) =>
      [...t.matchAll(/Gatekeeper (?:v)?(\d+\.\d+(?:\.\d+)?\+?)|--version (\d+\.\d+\.\d+)/g)].map(
        (m) => m[1] ?? m[2],
      ),
    );

    expect(versions.length).toBeGreaterThan(3);
    expect(new Set(versions)).toEqual(new Set(['3.23.1']));
  });
});
