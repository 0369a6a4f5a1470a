import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createVerdictTable } from '../../../functions/adapters/dynamodb/create-verdict-table';
import {
  QUICK_START_JVM,
  DYNAMODB_LOCAL_HOME,
  startDynamoDbLocal,
  type DynamoDbLocalOptions,
} from '../../../bin/local/services/dynamodb-local';
import {
  REQUEST_HANDLER_CLASS,
  STOCK_HANDLER_SHA256,
  smallReadBufferClassPath,
} from '../../../bin/local/services/dynamodb-local-read-buffer';
import { readZipEntry } from '../../../bin/local/services/zip-entry';

const CREDENTIALS = { accessKeyId: 'buffer', secretAccessKey: 'buffer' };
const JAR = join(DYNAMODB_LOCAL_HOME, 'DynamoDBLocal.jar');

/** DynamoDB Local with its GC logged to a file: the young and full collections it made so far. */
async function withGcLog<T>(
  readBuffer: DynamoDbLocalOptions['readBuffer'],
  work: (client: DynamoDBClient) => Promise<T>,
): Promise<{ result: T; pauses: () => number }> {
  const dir = mkdtempSync(join(tmpdir(), 'image-trust-gc-'));
  const log = join(dir, 'gc.log');
  const service = await startDynamoDbLocal({
    readBuffer,
    jvmOptions: [...QUICK_START_JVM, `-Xlog:gc:file=${log}`],
  });
  const client = new DynamoDBClient({
    endpoint: service.endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
  });
  const pauses = () =>
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => line.includes(' Pause ')).length;
  try {
    await createVerdictTable(client, 'buffer');
    const before = pauses();
    const result = await work(client);
    const made = pauses() - before;
    return { result, pauses: () => made };
  } finally {
    client.destroy();
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const getItems = (n: number) => async (client: DynamoDBClient) => {
  for (let i = 0; i < n; i++)
    await client.send(
      new GetItemCommand({ TableName: 'buffer', Key: { pk: { S: `IMAGE#${i}` }, sk: { S: 'VERDICT' } } }),
    );
};

describe("DynamoDB Local's request read buffer (dynamodb-local-read-buffer.ts)", () => {
  it('reads the request handler from the jar as installed, byte for byte', () => {
    // The SHA-256 of the class as `unzip -p DynamoDBLocal.jar <class>` gives it (1.11.478).
    const stock = readZipEntry(JAR, REQUEST_HANDLER_CLASS);

    expect(createHash('sha256').update(stock).digest('hex')).toBe(STOCK_HANDLER_SHA256);
    expect(readZipEntry(JAR, 'META-INF/MANIFEST.MF').toString()).toContain(
      'Main-Class: com.amazonaws.services.dynamodbv2.local.main.ServerRunner',
    );
    expect(() => readZipEntry(JAR, 'no/such/Entry.class')).toThrow(/no entry no\/such\/Entry.class/);
  });

  it('refuses a file that is not a ZIP archive', () => {
    const dir = mkdtempSync(join(tmpdir(), 'image-trust-zip-'));
    try {
      writeFileSync(join(dir, 'not.jar'), 'PK? no');
      expect(() => readZipEntry(join(dir, 'not.jar'), REQUEST_HANDLER_CLASS)).toThrow(/not a ZIP archive/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("changes two bytes of the class: fromStream's 16 MiB array becomes 127 bytes", () => {
    const stock = readZipEntry(JAR, REQUEST_HANDLER_CLASS);
    const patched = readFileSync(join(smallReadBufferClassPath(DYNAMODB_LOCAL_HOME), REQUEST_HANDLER_CLASS));

    const changed = [...stock.keys()].filter((i) => stock[i] !== patched[i]);
    expect(patched.length).toBe(stock.length);
    expect(changed).toHaveLength(2);
    // `ldc #122` (16777216) becomes `bipush 127`; `newarray byte` follows.
    expect(stock.subarray(changed[0], changed[0]! + 4).toString('hex')).toBe('127abc08');
    expect(patched.subarray(changed[0], changed[0]! + 4).toString('hex')).toBe('107fbc08');
  });

  it('stores and answers a 390 KB item, read through the small array, exactly', async () => {
    const body = 'x'.repeat(390_000);
    const { result } = await withGcLog('small', async (client) => {
      await client.send(
        new PutItemCommand({
          TableName: 'buffer',
          Item: { pk: { S: 'IMAGE#big' }, sk: { S: 'VERDICT' }, body: { S: body } },
        }),
      );
      return client.send(
        new GetItemCommand({ TableName: 'buffer', Key: { pk: { S: 'IMAGE#big' }, sk: { S: 'VERDICT' } } }),
      );
    });

    expect(result.Item?.body?.S).toBe(body);
  });

  it('refuses a request body over 16 MiB as the stock class does', async () => {
    const oversized = (readBuffer: DynamoDbLocalOptions['readBuffer']) =>
      withGcLog(readBuffer, async (client) => {
        const endpoint = await client.config.endpoint!();
        const res = await fetch(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}/`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'DynamoDB_20120810.ListTables',
          },
          body: `{"ExclusiveStartTableName":"${'a'.repeat(16 * 1024 * 1024)}"}`,
        });
        return { status: res.status, body: await res.text() };
      });

    const small = await oversized('small');
    const stock = await oversized('stock');

    expect(small.result.status).toBe(413);
    expect(small.result).toEqual(stock.result);
  });

  it('makes at most 2 collections for 60 GetItems, where the stock class collects once per request', async () => {
    // QUICK_START_JVM (the tests' heap): measured 0 against 60 (2026-11-29).
    const small = await withGcLog('small', getItems(60));
    const stock = await withGcLog('stock', getItems(60));

    expect(small.pauses()).toBeLessThanOrEqual(2);
    expect(stock.pauses()).toBeGreaterThanOrEqual(50);
  });
});
