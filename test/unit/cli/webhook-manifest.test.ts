import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { webhookUrlPrefix } from '../../../bin/cli/cluster-manifests';
import { UsageError } from '../../../bin/cli/exit-codes';
import {
  PLACEHOLDER_URL,
  webhookConfiguration,
  webhookManifestYaml,
} from '../../../bin/cli/webhook-manifest';

const FILE = resolve(__dirname, '../../../deploy/kubernetes/webhook/validating-webhook-configuration.yaml');

describe('the webhook manifest', () => {
  it('is what deploy/kubernetes/webhook/ holds, with the placeholder URL', () => {
    const shipped = parse(readFileSync(FILE, 'utf8')) as unknown;

    expect(shipped).toEqual(webhookConfiguration({ url: PLACEHOLDER_URL }));
  });

  it('prints as YAML that parses back to the same object, with a comment that the URL is secret', () => {
    const url = 'https://abc123.execute-api.eu-west-1.amazonaws.com/v1/admission/s3cr3t-credential';
    const text = webhookManifestYaml({ url, namespace: 'platform-image-trust' });

    expect(text.startsWith('# image-trust validating webhook')).toBe(true);
    expect(text).toContain('treat this file as a secret');
    expect(parse(text)).toEqual(webhookConfiguration({ url, namespace: 'platform-image-trust' }));
  });

  it('never blocks kube-system or its own namespace, whatever it is called', () => {
    const config = webhookConfiguration({ url: PLACEHOLDER_URL, namespace: 'kube-system' }) as {
      webhooks: { namespaceSelector: { matchExpressions: { values: string[] }[] } }[];
    };

    expect(config.webhooks[0]?.namespaceSelector.matchExpressions[0]?.values).toEqual(['kube-system']);
  });
});

describe('webhookUrlPrefix', () => {
  it('ends the prefix with a slash, so the credential is the last segment', () => {
    expect(webhookUrlPrefix('https://a.execute-api.eu-west-1.amazonaws.com/v1/admission')).toBe(
      'https://a.execute-api.eu-west-1.amazonaws.com/v1/admission/',
    );
    expect(webhookUrlPrefix('https://a.example.com/v1/admission/')).toBe(
      'https://a.example.com/v1/admission/',
    );
  });

  it.each([
    [undefined, 'AdmissionWebhookUrlPrefix'],
    ['not a url', 'must be a URL'],
    ['http://a.example.com/v1/admission/', 'must be https'],
    ['https://user:pw@a.example.com/v1/admission/', 'no user info, query or fragment'],
    ['https://a.example.com/v1/admission/?x=1', 'no user info, query or fragment'],
    ['https://a.example.com/v1/admission/#f', 'no user info, query or fragment'],
  ])('refuses %s', (text, message) => {
    expect(() => webhookUrlPrefix(text)).toThrow(UsageError);
    expect(() => webhookUrlPrefix(text)).toThrow(message);
  });
});
