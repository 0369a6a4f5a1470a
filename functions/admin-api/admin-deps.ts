import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbVerdictStore } from '../adapters/dynamodb/dynamodb-verdict-store';
import { sqsHandOff } from '../adapters/sqs/sqs-hand-off';
import type { AdminDeps } from '../core/admin/admin-deps';
import { InvalidInputError } from '../core/errors';
import { tracer } from '../runtime/observability';

/** What the admin handler runs with: the admin use cases' ports and whether a caller is required. */
export interface AdminApiDeps extends AdminDeps {
  /**
   * `requireCaller: false` only in the local mode and tests (loopback, no authentication). Otherwise
   * every request must come from an IAM principal (SigV4); a client certificate is not enough.
   */
  readonly auth?: { readonly requireCaller?: boolean };
}

/**
 * The admin function's dependencies from its environment, built once per cold start: `TABLE_NAME`
 * (the verdict table: read and write) and `SCAN_QUEUE_URL` (the signing function's queue, where
 * re-evaluations are handed).
 *
 * @throws InvalidInputError when either is not set
 */
export function adminDepsFromEnv(env: NodeJS.ProcessEnv = process.env): AdminApiDeps {
  const tableName = required(env, 'TABLE_NAME');
  const queueUrl = required(env, 'SCAN_QUEUE_URL');
  return {
    store: new DynamoDbVerdictStore({
      client: tracer.captureAWSv3Client(new DynamoDBClient({})),
      tableName,
    }),
    handOff: sqsHandOff(tracer.captureAWSv3Client(new SQSClient({})), queueUrl),
    now: () => new Date(),
    auth: {},
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new InvalidInputError(`environment variable ${name} is not set`);
  return value;
}
