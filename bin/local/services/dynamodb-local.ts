import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { freePort } from './free-port';
import { startServiceProcess, type ServiceProcess } from './service-process';

export interface DynamoDbLocalService extends ServiceProcess {
  /** e.g. http://127.0.0.1:41235 */
  readonly endpoint: string;
}

export const DYNAMODB_LOCAL_HOME = resolve(__dirname, '../../../.tools/dynamodb-local');

export interface DynamoDbLocalOptions {
  readonly port?: number;
  /** Keep tables in files in this directory (npm start); in memory otherwise. */
  readonly dataDir?: string;
}

/** Starts the real DynamoDB Local (1.11.478, installed by scripts/bootstrap.sh) on the machine's Java. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocalService> {
  const jar = join(DYNAMODB_LOCAL_HOME, 'DynamoDBLocal.jar');
  if (!existsSync(jar))
    throw new Error(`DynamoDB Local is not installed at ${jar}: run bash scripts/bootstrap.sh`);
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const service = await startServiceProcess({
    name: 'dynamodb-local',
    dataDir: options.dataDir,
    command: (dir) => ({
      cmd: 'java',
      args: [
        `-Dimage-trust.data=${dir}`,
        '-Xms64m',
        '-Xmx512m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        `-Djava.library.path=${join(DYNAMODB_LOCAL_HOME, 'DynamoDBLocal_lib')}`,
        '-jar',
        jar,
        '-port',
        String(port),
        ...(options.dataDir ? ['-sharedDb', '-dbPath', dir] : ['-inMemory']),
      ],
    }),
    // Any DynamoDB-shaped answer (even a 400 for a bare request) means the server is up.
    ready: async () => {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
        },
        body: '{}',
      });
      return res.status < 500;
    },
  });
  return { ...service, endpoint };
}
