import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { imagePk, VERDICT_SK } from '../../../../functions/adapters/dynamodb/verdict-table';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import type { EvaluatedEvent } from '../../../../functions/core/verdict/verdict-event';
import type { VerdictKey } from '../../../../functions/core/verdict/verdict';
import { failed, passed } from '../../../unit/core/verdict/verdict-events';
import { newKey, verdictTableFixture } from './verdict-table-fixture';

const { table: TABLE, client, store } = verdictTableFixture();

/** Review times far in the past, so that other tests' items (same table) sort after this test's. */
const at = (day: number) => `1990-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;

function passedReviewAt(id: string, seconds: number, reviewAt: string): EvaluatedEvent {
  const validity = { staleAt: reviewAt, graceEndsAt: reviewAt, onStale: 'warn' as const, reviewAt };
  return { ...passed(id, seconds), validity };
}

async function verified(reviewAt: string): Promise<VerdictKey> {
  const key = newKey();
  await recordVerdict(store(), key, passedReviewAt(`pass-${reviewAt}`, 10, reviewAt));
  return key;
}

describe('the byReview index (DynamoDB Local)', () => {
  it('lists VERIFIED verdicts due by a time, earliest first, at most the limit; never other statuses', async () => {
    const s = store();
    const third = await verified(at(3));
    const first = await verified(at(1));
    const later = await verified(at(9));
    const rejected = newKey();
    await recordVerdict(s, rejected, passedReviewAt('pass', 10, at(2)));
    await recordVerdict(s, rejected, failed('fail', 20));

    const due = await s.listDueForReview(at(5));
    const firstOnly = await s.listDueForReview(at(5), 1);

    expect(due.map((v) => v.digest)).toEqual([first.digest, third.digest]);
    expect(firstOnly.map((v) => v.digest)).toEqual([first.digest]);
    expect((await s.listDueForReview(at(9))).map((v) => v.digest)).toContain(later.digest);
  });

  it('postpones a review without a new version, and only while the version is unchanged', async () => {
    const s = store();
    const key = await verified(at(4));
    const before = await s.get(key);

    expect(await s.postponeReview(key, 99, at(20))).toBe(false);
    expect(await s.postponeReview(key, before!.version, at(20))).toBe(true);

    expect((await s.listDueForReview(at(19))).map((v) => v.digest)).not.toContain(key.digest);
    expect((await s.listDueForReview(at(20))).map((v) => v.digest)).toContain(key.digest);
    expect(await s.get(key)).toEqual(before);
    expect(await s.history(key)).toHaveLength(1);
  });

  it('takes the review time of the newest evaluation on the next write, and keeps its keys out of the verdict', async () => {
    const s = store();
    const key = await verified(at(6));
    await s.postponeReview(key, 1, at(25));
    await recordVerdict(s, key, passedReviewAt('again', 30, at(7)));

    const item = await DynamoDBDocumentClient.from(client).send(
      new GetCommand({ TableName: TABLE, Key: { pk: imagePk(key), sk: VERDICT_SK } }),
    );

    expect(item.Item).toMatchObject({ gsi2pk: 'REVIEW', gsi2sk: at(7) });
    expect(Object.keys((await s.get(key))!)).not.toEqual(expect.arrayContaining(['gsi2pk', 'gsi2sk']));
    expect((await s.listDueForReview(at(7))).map((v) => v.digest)).toContain(key.digest);
  });
});
