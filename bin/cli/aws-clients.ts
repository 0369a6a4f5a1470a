import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { GlobalOptions } from './options';

/**
 * AWS SDK clients for the deployment commands, with the caller's credentials (the SDK's default
 * chain) and region (`--region`, else the one a resource ARN names, else AWS_REGION). The SDK honours
 * AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL_S3; an S3 endpoint of one's own is addressed
 * path-style, as S3-compatible stores expect. The packages are loaded only when a command needs them.
 */
export async function secretsManagerClient(
  options: GlobalOptions,
  arn: string | undefined,
): Promise<SecretsManagerClient> {
  const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const region = options.region ?? /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(arn ?? '')?.[1];
  return new SecretsManagerClient(region === undefined ? {} : { region });
}

export async function s3Client(options: GlobalOptions, env: NodeJS.ProcessEnv): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    ...(options.region === undefined ? {} : { region: options.region }),
    forcePathStyle: (env.AWS_ENDPOINT_URL_S3 ?? '') !== '',
  });
}
