import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbCallCounter } from '../../../../functions/adapters/dynamodb/call-counter';
import { MalformedVerdictItemError } from '../../../../functions/adapters/dynamodb/verdict-items';
import { imagePk, VERDICT_SK } from '../../../../functions/adapters/dynamodb/verdict-table';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import type { VerdictKey } from '../../../../functions/core/verdict/verdict';
import { failed, observed, passed } from '../../../unit/core/verdict/verdict-events';
import { newKey, verdictTableFixture } from './verdict-table-fixture';

const { table: TABLE, client, store } = verdictTableFixture();
const doc = DynamoDBDocumentClient.from(client);

describe('coalesced verdict reads (a worker running many records at once)', () => {
  const calls = new DynamoDbCallCounter();
  const refused: MalformedVerdictItemError[] = [];
  const writer = store();
  const reader = store({
    coalesceReads: true,
    onCall: calls.listener,
    onRefusedItem: (error) => refused.push(error),
  });
  const verified = newKey();
  const rejected = newKey();
  const tampered = newKey();

  beforeAll(async () => {
    await recordVerdict(writer, verified, observed('o', 1));
    await recordVerdict(writer, verified, passed('e', 2));
    await recordVerdict(writer, rejected, observed('o', 1));
    await recordVerdict(writer, rejected, failed('e', 2));
    await recordVerdict(writer, tampered, observed('o', 1));
    // The tampered image's item replaced by the verified one's fields (it names another image).
    const { Item } = await doc.send(
      new GetCommand({ TableName: TABLE, Key: { pk: imagePk(verified), sk: VERDICT_SK } }),
    );
    await doc.send(new PutCommand({ TableName: TABLE, Item: { ...Item, pk: imagePk(tampered) } }));
  });
  beforeEach(() => {
    calls.reset();
    refused.length = 0;
  });

  const callNames = () => calls.history().map((c) => c.operation);

  it('sends the consistent reads asked for together as one BatchGetItem, each answered with its own verdict', async () => {
    const unknown = newKey();

    const answers = await Promise.all([verified, rejected, unknown, verified].map((k) => reader.get(k)));

    expect(answers.map((v) => v?.status)).toEqual(['VERIFIED', 'REJECTED', undefined, 'VERIFIED']);
    expect(answers[0]?.digest).toBe(verified.digest);
    expect(answers[1]?.digest).toBe(rejected.digest);
    expect(callNames()).toEqual(['BatchGetItem']);
  });

  it('reads again for every call: nothing is cached between turns', async () => {
    expect((await reader.get(rejected))?.status).toBe('REJECTED');
    await recordVerdict(writer, rejected, passed('e2', 3));

    expect((await reader.get(rejected))?.status).toBe('VERIFIED');
    expect(callNames()).toEqual(['BatchGetItem', 'BatchGetItem']);
  });

  it('fails only the read of a malformed item, and tells onRefusedItem once', async () => {
    const [good, bad] = await Promise.allSettled([reader.get(verified), reader.get(tampered)]);

    expect(good).toMatchObject({ status: 'fulfilled', value: { status: 'VERIFIED' } });
    expect(bad).toMatchObject({ status: 'rejected', reason: expect.any(MalformedVerdictItemError) });
    expect(refused.map((e) => e.pk)).toEqual([imagePk(tampered)]);
    expect(callNames()).toEqual(['BatchGetItem']);
  });

  it('keeps eventually consistent reads as GetItems of their own', async () => {
    await Promise.all([
      reader.get(verified, { consistent: false }),
      reader.get(rejected, { consistent: false }),
    ]);

    expect(callNames()).toEqual(['GetItem', 'GetItem']);
  });

  it('refuses a key that names no image by digest before any call', async () => {
    const tag = { ...newKey(), digest: 'latest' } as VerdictKey;

    await expect(reader.get(tag)).rejects.toThrow(/digest/);
    expect(callNames()).toEqual([]);
  });
});
