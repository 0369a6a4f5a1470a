import type { Command } from './command';
import { EXIT, UsageError } from './exit-codes';
import { json } from './output';
import { webhookConfiguration, webhookManifestYaml } from './webhook-manifest';
import { WebhookSecret } from './webhook-secret';

/**
 * `cluster-manifests`: the ValidatingWebhookConfiguration for the deployed webhook endpoint, ready to
 * `kubectl apply`. Its URL is `--webhook-url` (output AdmissionWebhookUrlPrefix) followed by the
 * current credential, which it reads from `--credential-secret` (output AdmissionWebhookSecretArn)
 * with the caller's AWS credentials: the credential is in no CloudFormation output.
 */
export const clusterManifestsCommand: Command = {
  name: 'cluster-manifests',
  usage: 'cluster-manifests --webhook-url URL --credential-secret ARN',
  summary:
    'print the ValidatingWebhookConfiguration for the deployed webhook (its URL holds the credential: a secret)',
  args: [0, 0],
  options: ['webhook-url', 'credential-secret', 'namespace', 'region', 'json'],
  async run({ io, options, progress }) {
    const prefix = webhookUrlPrefix(options.webhookUrl);
    const secret = await WebhookSecret.open(options);
    const { current } = await secret.read();
    progress(`read the current credential from ${secret.secretId}`);
    const manifest = {
      url: `${prefix}${current}`,
      ...(options.namespace ? { namespace: options.namespace } : {}),
    };
    io.stdout(options.json ? json(webhookConfiguration(manifest)) : webhookManifestYaml(manifest));
    return EXIT.OK;
  },
};

/**
 * `--webhook-url`, checked as the API server will: https, no user info, query or fragment (a path is
 * allowed); ending in `/`, so that the credential is its last segment.
 *
 * @throws UsageError when it is missing or not such a URL
 */
export function webhookUrlPrefix(text: string | undefined): string {
  if (text === undefined) {
    throw new UsageError('--webhook-url is needed: the URL cdk deploy printed as AdmissionWebhookUrlPrefix');
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--webhook-url must be a URL, not '${text}'`);
  }
  if (url.protocol !== 'https:')
    throw new UsageError('--webhook-url must be https: the API server calls only https');
  if (url.username || url.password || url.search || url.hash) {
    throw new UsageError(
      '--webhook-url may carry no user info, query or fragment (the API server refuses them)',
    );
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
