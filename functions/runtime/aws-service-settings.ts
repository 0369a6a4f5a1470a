import { InvalidInputError } from '../core/errors';

/** Where a compact AWS client (adapters/aws-http) sends one service's calls. */
export interface AwsServiceSettings {
  readonly region: string;
  /** Set only when the environment overrides the service's endpoint (tests, local mode). */
  readonly endpoint?: string;
}

/**
 * The region (AWS_REGION, which Lambda sets) and the endpoint override of `service`, as the AWS SDKs
 * read them: `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`.
 *
 * @throws InvalidInputError when no region is set
 */
export function awsServiceSettings(
  service: 'DYNAMODB' | 'KMS' | 'SECRETS_MANAGER',
  env: NodeJS.ProcessEnv = process.env,
): AwsServiceSettings {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new InvalidInputError('AWS_REGION is not set');
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] ?? env.AWS_ENDPOINT_URL;
  return endpoint ? { region, endpoint } : { region };
}
