import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { MalformedVerdictItemError } from '../../../../functions/adapters/dynamodb/verdict-items';
import { imagePk, REVIEW_PK, VERDICT_SK } from '../../../../functions/adapters/dynamodb/verdict-table';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import type { VerdictKey } from '../../../../functions/core/verdict/verdict';
import { failed, observed, passed } from '../../../unit/core/verdict/verdict-events';
import { newKey, verdictTableFixture } from './verdict-table-fixture';

const { table: TABLE, client, store } = verdictTableFixture();
const doc = DynamoDBDocumentClient.from(client);

/** Copies `from`'s verdict item, as it is, under `to`'s key: a VERIFIED lent to another image. */
async function copyItem(
  from: VerdictKey,
  to: VerdictKey,
  change: Record<string, unknown> = {},
): Promise<void> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: TABLE, Key: { pk: imagePk(from), sk: VERDICT_SK } }),
  );
  await doc.send(new PutCommand({ TableName: TABLE, Item: { ...Item, ...change, pk: imagePk(to) } }));
}

describe('verdict items checked against their keys (issue 13)', () => {
  const refused: MalformedVerdictItemError[] = [];
  const s = store({ onRefusedItem: (error) => refused.push(error) });
  // A clock in 2002, before every other test's items in this table; the events a little before it.
  let now = Date.parse('2002-01-01T00:00:00.000Z');
  const in2001 = <E extends { at: string }>(event: E, second: number): E => ({
    ...event,
    at: new Date(Date.parse('2001-12-31T23:00:00.000Z') + second * 1000).toISOString(),
  });
  const clock = { now: () => new Date((now += 1000)) };
  const verified = newKey();
  const rejected = newKey();

  beforeAll(async () => {
    await recordVerdict(s, verified, in2001(observed('o', 1), 1), clock);
    await recordVerdict(s, verified, in2001(passed('e', 2), 2), clock);
    await recordVerdict(s, rejected, in2001(observed('o', 1), 1), clock);
    await recordVerdict(s, rejected, in2001(failed('e', 2), 2), clock);
    // The rejected image's item replaced by a copy of the verified one (its registry, repository, digest).
    await copyItem(verified, rejected);
  });
  beforeEach(() => (refused.length = 0));

  it('get refuses an item whose fields name another image than its key, and tells onRefusedItem', async () => {
    const read = s.get(rejected);

    await expect(read).rejects.toThrow(MalformedVerdictItemError);
    await expect(read).rejects.toThrow(/names another image/);
    expect(refused.map((e) => e.pk)).toEqual([imagePk(rejected)]);
    expect(await s.get(verified)).toMatchObject({ status: 'VERIFIED', digest: verified.digest });
  });

  it('a batch get refuses it too, and answers again without it', async () => {
    await expect(s.getMany([verified, rejected])).rejects.toThrow(MalformedVerdictItemError);
    expect(refused).toHaveLength(1);

    const answers = await s.getMany([verified, newKey()]);
    expect(answers.map((v) => v?.status)).toEqual(['VERIFIED', undefined]);
  });

  it('accepts an item that names its own key, and refuses one that lacks the fields of a verdict', async () => {
    const other = newKey();
    await copyItem(verified, other, { ...other });
    expect(await s.get(other)).toMatchObject({ digest: other.digest });
    await copyItem(verified, other, { ...other, status: undefined });
    await expect(s.get(other)).rejects.toThrow(/lacks fields/);
  });

  it('a listing skips the refused item, tells onRefusedItem, and lists the rest', async () => {
    const listed = await s.listByStatus('VERIFIED', '2002-01-02T00:00:00.000Z');

    expect(listed.map((v) => v.digest)).toEqual([verified.digest]);
    expect(refused.map((e) => e.pk)).toContain(imagePk(rejected));
  });

  it("the reviews' listing skips a refused item, tells onRefusedItem, and lists the rest", async () => {
    // Prepare: two items due for review in 2002, one of them lent another image's verdict.
    const review = { gsi2pk: REVIEW_PK, gsi2sk: '2002-06-01T00:00:00.000Z' };
    const [good, lent] = [newKey(), newKey()];
    await copyItem(verified, good, { ...good, ...review });
    await copyItem(verified, lent, review);

    // Act
    const due = await s.listDueForReview('2002-12-31T00:00:00.000Z');

    // Assess
    expect(due.map((v) => v.digest)).toEqual([good.digest]);
    expect(refused.map((e) => e.pk)).toEqual([imagePk(lent)]);
  });
});
