import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HttpDynamoDb } from '../../../../functions/adapters/dynamodb/http-dynamodb';
import { HttpVerdictReader } from '../../../../functions/adapters/dynamodb/http-verdict-reader';
import { LocalKeySigner } from '../../../../functions/adapters/signers/local-key-signer';
import { imagePk, VERDICT_SK } from '../../../../functions/adapters/dynamodb/verdict-table';
import { signerSealer } from '../../../../functions/core/signing/signer-sealer';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import { resealVerdict } from '../../../../functions/core/verdict/reseal-verdict';
import type { VerdictKey } from '../../../../functions/core/verdict/verdict';
import { checkSeal, trustedSealKeys } from '../../../../functions/core/verdict/verdict-seal';
import { sharedDynamoDbEndpoint } from '../../../harness/services';
import { observed, passed } from '../../../unit/core/verdict/verdict-events';
import { newKey, verdictTableFixture } from './verdict-table-fixture';

const { table: TABLE, client, store } = verdictTableFixture();
const HOUR_MS = 3_600_000;
const START = Date.parse('2025-03-01T13:00:00.000Z');

describe('seals in the verdict table (DynamoDB Local)', () => {
  const signer = LocalKeySigner.generate();
  const sealing = { sealer: signerSealer(signer), lifetimeHours: 24 };
  let trusted: ReturnType<typeof trustedSealKeys>;
  const doc = () => DynamoDBDocumentClient.from(client);
  const rawItem = async (key: VerdictKey) =>
    (await doc().send(new GetCommand({ TableName: TABLE, Key: { pk: imagePk(key), sk: VERDICT_SK } }))).Item!;
  const sealedVerdict = async (nowMs = START) => {
    const key = newKey();
    await recordVerdict(store(), key, passed('e1', 2), { now: () => new Date(nowMs), sealing });
    return key;
  };

  beforeAll(async () => {
    trusted = trustedSealKeys([await signer.publicKeyPem()]);
  });

  it('stores the seal on the verdict item (not in history) and reads it back so that it verifies', async () => {
    const key = await sealedVerdict();
    const [read] = await store().getMany([key]);
    expect(checkSeal((await store().get(key))!, trusted)).toEqual({ ok: true });
    expect(checkSeal(read!, trusted)).toEqual({ ok: true });
    const item = await rawItem(key);
    expect(item.seal).toMatchObject({ revision: 1, key: expect.stringMatching(/^[0-9a-f]{16}$/) });
    // The byReview key is the seal's renewal, earlier than any freshness review.
    expect(item.gsi2sk).toBe(new Date(START + 12 * HOUR_MS).toISOString());
    const history = await store().history(key);
    expect(history).toHaveLength(1);
    expect(JSON.stringify(history)).not.toContain('signature":"');
  });

  it('drops a malformed seal on read (the lookup then judges an unsealed item), tells it, and refuses nothing', async () => {
    const key = await sealedVerdict();
    const refused: unknown[] = [];
    const dropped: string[] = [];
    const onDroppedSeal = (pk: string) => dropped.push(pk);
    const s = store({ onRefusedItem: (r) => refused.push(r), onDroppedSeal });
    const compact = new HttpVerdictReader({
      db: new HttpDynamoDb({
        region: 'us-east-1',
        endpoint: sharedDynamoDbEndpoint(),
        credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
        requestTimeoutMs: 2000,
      }),
      tableName: TABLE,
      onDroppedSeal,
    });
    for (const seal of [{ key: 'not-hex', revision: 1, sealedAt: 'x', signature: 'AA==' }, 'a string', 7]) {
      await doc().send(
        new UpdateCommand({
          TableName: TABLE,
          Key: { pk: imagePk(key), sk: VERDICT_SK },
          UpdateExpression: 'SET seal = :seal, resealAt = :n',
          ExpressionAttributeValues: { ':seal': seal, ':n': 5 },
        }),
      );
      const read = (await s.get(key))!;
      expect(read.status).toBe('VERIFIED');
      expect(read.seal).toBeUndefined();
      expect(read.resealAt).toBeUndefined();
      expect(checkSeal(read, trusted)).toMatchObject({ ok: false, code: 'VERDICT_UNSIGNED' });
      expect((await s.getMany([key]))[0]?.seal).toBeUndefined();
      expect(checkSeal((await compact.get(key))!, trusted)).toMatchObject({ code: 'VERDICT_UNSIGNED' });
      expect((await compact.getMany([key]))[0]?.seal).toBeUndefined();
    }
    expect(refused).toEqual([]);
    // Each of the four reads, for each of the three malformed seals.
    expect(dropped).toEqual(Array.from({ length: 12 }, () => imagePk(key)));
    // A well-formed seal is not told.
    dropped.length = 0;
    await s.get(await sealedVerdict());
    expect(dropped).toEqual([]);
  });

  it('writes a re-seal with a new version and no history entry, only over the version it read', async () => {
    const key = await sealedVerdict();
    const s = store();
    const now = () => new Date(START + 13 * HOUR_MS);
    await recordVerdict(s, key, observed('o9', 1, ['v9']), { now });
    const result = await resealVerdict(s, key, sealing, { now });
    expect(result).toMatchObject({ resealed: true, seals: 1 });
    const after = (await s.get(key))!;
    expect(after).toMatchObject({ version: 3, tags: ['v9'] });
    expect(checkSeal(after, trusted)).toEqual({ ok: true });
    expect(await s.history(key)).toHaveLength(2);
    expect(await s.putResealed(after, 2)).toMatchObject({ written: false });
    expect(await s.putResealed({ ...after, digest: newKey().digest }, 0)).toMatchObject({ written: false });
  });
});
