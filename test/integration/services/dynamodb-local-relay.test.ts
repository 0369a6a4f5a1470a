import { execFileSync } from 'node:child_process';
import { ListTablesCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocalOptions } from '../../../bin/local/services/dynamodb-local';

/** The command lines of the processes still running whose command line names `marker`. */
function processesNaming(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(marker));
}

function socatInstalled(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v socat'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe("DynamoDB Local's relay into its network namespace", () => {
  it.each<DynamoDbLocalOptions['relay']>(['socat-if-installed', 'node'])(
    'answers through the %s relay from several connections, and leaves no process behind',
    async (relay) => {
      const service = await startDynamoDbLocal({ relay });
      const clients = [0, 1, 2].map(
        () =>
          new DynamoDBClient({
            endpoint: service.endpoint,
            region: 'us-east-1',
            credentials: { accessKeyId: 'relay', secretAccessKey: 'relay' },
          }),
      );
      try {
        const answers = await Promise.all(clients.map((c) => c.send(new ListTablesCommand({}))));
        expect(answers.map((a) => a.TableNames)).toEqual([[], [], []]);
        const relays = processesNaming(service.socketPath);
        const socat = relay !== 'node' && socatInstalled();
        expect(relays.some((line) => line.startsWith(socat ? 'socat ' : process.execPath))).toBe(true);
      } finally {
        for (const c of clients) c.destroy();
        await service.stop();
      }

      expect(processesNaming(service.socketPath)).toEqual([]);
    },
  );
});
