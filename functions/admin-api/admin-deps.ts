import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDbBreakGlassLog } from '../adapters/dynamodb/dynamodb-break-glass-log';
import { DynamoDbVerdictStore } from '../adapters/dynamodb/dynamodb-verdict-store';
import { sqsHandOff } from '../adapters/sqs/sqs-hand-off';
import type { AdminDeps } from '../core/admin/admin-deps';
import type { BreakGlassLog } from '../core/ports/break-glass-log';
import { functionEnvironment } from '../runtime/environment';
import { tracer } from '../runtime/observability';
import { logDroppedSeal, logRefusedItem } from '../runtime/refused-item-log';

/** What the admin handler runs with: the admin use cases' ports and whether a caller is required. */
export interface AdminApiDeps extends AdminDeps {
  /**
   * `requireCaller: false` only in the local mode and tests (loopback, no authentication). Otherwise
   * every request must come from an IAM principal (SigV4); a client certificate is not enough.
   */
  readonly auth?: { readonly requireCaller?: boolean };
  /** Where break-glass uses are listed from (`GET /v1/admin/break-glass`). */
  readonly breakGlass?: Pick<BreakGlassLog, 'list'>;
}

/**
 * The admin function's dependencies from its environment (environment.ts), built once per cold start:
 * the verdict table (read and write) and the signer's queue, where re-evaluations are handed.
 *
 * @throws InvalidInputError naming each variable that is missing or empty
 */
export function adminDepsFromEnv(env: NodeJS.ProcessEnv = process.env): AdminApiDeps {
  const { tableName, signerQueueUrl } = functionEnvironment('admin-api', env);
  const client = tracer.captureAWSv3Client(new DynamoDBClient({}));
  return {
    store: new DynamoDbVerdictStore({
      client,
      tableName,
      onRefusedItem: logRefusedItem,
      onDroppedSeal: logDroppedSeal,
    }),
    breakGlass: new DynamoDbBreakGlassLog({ client, tableName }),
    handOff: sqsHandOff(tracer.captureAWSv3Client(new SQSClient({})), signerQueueUrl),
    now: () => new Date(),
    auth: {},
  };
}
