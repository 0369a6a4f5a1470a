import { rotateWebhookCredentials } from '../../functions/core/webhook/credential-format';
import type { Command } from './command';
import { EXIT } from './exit-codes';
import { WebhookSecret } from './webhook-secret';

/**
 * `rotate-webhook-credential`: a new current credential; the old current one becomes the previous
 * one, and both are accepted (the endpoint re-reads the secret when it sees a credential it does not
 * know). Then apply the new manifest to every cluster; the rotation after that retires the old one.
 */
export const rotateWebhookCredentialCommand: Command = {
  name: 'rotate-webhook-credential',
  usage: 'rotate-webhook-credential --credential-secret ARN',
  summary: 'make a new webhook credential; the old one stays valid until the next rotation',
  args: [0, 0],
  options: ['credential-secret', 'region', 'quiet'],
  async run({ io, options }) {
    const secret = await WebhookSecret.open(options);
    await secret.write(rotateWebhookCredentials(await secret.read()));
    io.stdout(
      [
        `rotated ${secret.secretId}: the new credential and the previous one are both accepted now.`,
        'Next: apply the new URL to every cluster:',
        `  npx image-trust cluster-manifests --webhook-url <AdmissionWebhookUrlPrefix> --credential-secret ${secret.secretId} | kubectl apply -f -`,
        'The previous credential stops working at the next rotation.',
        '',
      ].join('\n'),
    );
    return EXIT.OK;
  },
};
