import { LocalKeySigner } from '../../../../functions/adapters/signers/local-key-signer';
import { signerSealer } from '../../../../functions/core/signing/signer-sealer';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import { resealVerdict } from '../../../../functions/core/verdict/reseal-verdict';
import { nextReviewOf } from '../../../../functions/core/verdict/seal-step';
import type { VerdictValidity } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import type { VerdictSealer } from '../../../../functions/core/verdict/verdict-sealer';
import {
  checkSeal,
  trustedSealKeys,
  type TrustedSealKeys,
} from '../../../../functions/core/verdict/verdict-seal';
import { MemoryVerdictTable } from '../../../support/memory-verdict-table';
import { at, KEY, observed, passed, revoked } from './verdict-events';

const HOUR_MS = 3_600_000;
/** The tests' clock starts an hour after the events' fixed instant. */
const START = Date.parse(at(0)) + HOUR_MS;

/** A sealer over a real key that counts its signing calls. */
function countingSealer(signer: LocalKeySigner): VerdictSealer & { calls: number } {
  const inner = signerSealer(signer);
  const counted = {
    calls: 0,
    seal: (...args: Parameters<VerdictSealer['seal']>) => {
      counted.calls += 1;
      return inner.seal(...args);
    },
  };
  return counted;
}

const validity = (validUntilMs: number | undefined): VerdictValidity => ({
  staleAt: new Date(START + 100 * HOUR_MS).toISOString(),
  graceEndsAt: new Date(START + 200 * HOUR_MS).toISOString(),
  onStale: 'reject',
  ...(validUntilMs === undefined ? {} : { validUntil: new Date(validUntilMs).toISOString() }),
  reviewAt: new Date(START + 100 * HOUR_MS).toISOString(),
});

describe('sealing VERIFIED verdicts in the write engine', () => {
  const signer = LocalKeySigner.generate();
  let trusted: TrustedSealKeys;
  let table: MemoryVerdictTable;
  let sealer: ReturnType<typeof countingSealer>;
  let nowMs: number;
  const now = () => new Date(nowMs);
  const write = (event: VerdictEvent, withSealer = true) =>
    recordVerdict(table, KEY, event, {
      now,
      sealing: withSealer ? { sealer, lifetimeHours: 24 } : { lifetimeHours: 24 },
    });

  beforeAll(async () => {
    trusted = trustedSealKeys([await signer.publicKeyPem()]);
  });
  beforeEach(() => {
    table = new MemoryVerdictTable();
    sealer = countingSealer(signer);
    nowMs = START;
  });

  it('seals a pass with one signing call, bounded by the seal lifetime, renewal due at half of it', async () => {
    await write(observed('o1', 1, ['v1']));
    const result = await write(passed('e1', 2));
    expect(result).toMatchObject({ changed: true, seals: 1, unsealed: false });
    expect(sealer.calls).toBe(1);
    const stored = (await table.get(KEY))!;
    expect(stored.seal).toMatchObject({ revision: 2, sealedAt: new Date(START).toISOString() });
    expect(stored.validUntil).toBe(new Date(START + 24 * HOUR_MS).toISOString());
    expect(stored.resealAt).toBe(new Date(START + 12 * HOUR_MS).toISOString());
    expect(nextReviewOf(stored)).toBe(stored.resealAt);
    expect(checkSeal(stored, trusted)).toEqual({ ok: true });
  });

  it('keeps a validUntil earlier than the seal lifetime, and caps a later one (the decision validity stays)', async () => {
    const early = START + 5 * HOUR_MS;
    await write({ ...passed('e1', 2), validity: validity(early) });
    const first = (await table.get(KEY))!;
    expect(first.validUntil).toBe(new Date(early).toISOString());
    expect(first.validity?.expiring).toBeUndefined();
    await write({ ...passed('e2', 3), validity: validity(START + 72 * HOUR_MS) });
    const capped = (await table.get(KEY))!;
    expect(capped.validUntil).toBe(new Date(START + 24 * HOUR_MS).toISOString());
    expect(capped.validity?.validUntil).toBe(new Date(START + 72 * HOUR_MS).toISOString());
    expect(checkSeal(capped, trusted)).toEqual({ ok: true });
  });

  it('keeps the seal through a tag event, with no signing call, where no sealer is held', async () => {
    await write(passed('e1', 2));
    const sealed = (await table.get(KEY))!;
    nowMs += 2 * HOUR_MS;
    const tagged = await write(observed('o2', 5, ['v2']), false);
    expect(tagged).toMatchObject({ changed: true, seals: 0, unsealed: false });
    const stored = (await table.get(KEY))!;
    expect(stored).toMatchObject({
      version: 2,
      tags: ['v2'],
      seal: sealed.seal,
      validUntil: sealed.validUntil,
    });
    expect(stored.resealAt).toBe(sealed.resealAt);
    expect(checkSeal(stored, trusted)).toEqual({ ok: true });
    expect(sealer.calls).toBe(1);
  });

  it('renews a seal due for renewal when a writer holding the sealer writes anyway', async () => {
    await write(passed('e1', 2));
    nowMs += 13 * HOUR_MS;
    const tagged = await write(observed('o2', 5, ['v2']));
    expect(tagged.seals).toBe(1);
    const stored = (await table.get(KEY))!;
    expect(stored.seal?.revision).toBe(2);
    expect(stored.validUntil).toBe(new Date(nowMs + 24 * HOUR_MS).toISOString());
    expect(checkSeal(stored, trusted)).toEqual({ ok: true });
  });

  it('drops the seal of a verdict that no longer allows, with no signing call', async () => {
    await write(passed('e1', 2));
    await write(revoked('r1', 3));
    const stored = (await table.get(KEY))!;
    expect(stored.status).toBe('REVOKED');
    expect(stored.seal).toBeUndefined();
    expect(stored.resealAt).toBeUndefined();
    expect(nextReviewOf(stored)).toBeUndefined();
    expect(sealer.calls).toBe(1);
  });

  it('writes a new decision unsealed where no sealer is held, and says so', async () => {
    await write(passed('e1', 2));
    const result = await write(passed('e2', 3), false);
    expect(result).toMatchObject({ changed: true, seals: 0, unsealed: true });
    const stored = (await table.get(KEY))!;
    expect(stored.seal).toBeUndefined();
    expect(checkSeal(stored, trusted)).toMatchObject({ ok: false, code: 'VERDICT_UNSIGNED' });
  });

  it('seals again for the next revision after a lost race, counting both seals', async () => {
    await write(observed('o1', 1));
    let raced = false;
    table.beforePut = async () => {
      if (raced) return;
      raced = true;
      await recordVerdict(table, KEY, observed('o0', 0, ['other']), { now });
    };
    const result = await write(passed('e1', 2), true);
    expect(result.seals).toBe(2);
    const stored = (await table.get(KEY))!;
    expect(stored.seal?.revision).toBe(3);
    expect(checkSeal(stored, trusted)).toEqual({ ok: true });
  });
});

describe('resealVerdict', () => {
  const signer = LocalKeySigner.generate();
  let trusted: TrustedSealKeys;
  beforeAll(async () => {
    trusted = trustedSealKeys([await signer.publicKeyPem()]);
  });

  it('renews a due seal with one signing call and no history entry, the decision unchanged', async () => {
    const table = new MemoryVerdictTable();
    const sealer = countingSealer(signer);
    let nowMs = START;
    const now = () => new Date(nowMs);
    const sealing = { sealer, lifetimeHours: 24 };
    await recordVerdict(table, KEY, passed('e1', 2), { now, sealing });
    const before = (await table.get(KEY))!;
    expect(await resealVerdict(table, KEY, sealing, { now })).toMatchObject({ resealed: false, seals: 0 });
    nowMs += 12 * HOUR_MS;
    const result = await resealVerdict(table, KEY, sealing, { now });
    expect(result).toMatchObject({ resealed: true, seals: 1 });
    const after = (await table.get(KEY))!;
    expect(after).toMatchObject({ version: 2, status: 'VERIFIED', decidedAt: before.decidedAt });
    expect(after.seal?.revision).toBe(2);
    expect(after.validUntil).toBe(new Date(nowMs + 24 * HOUR_MS).toISOString());
    expect(after.resealAt).toBe(new Date(nowMs + 12 * HOUR_MS).toISOString());
    expect(checkSeal(after, trusted)).toEqual({ ok: true });
    expect(await table.history(KEY)).toHaveLength(1);
    expect(sealer.calls).toBe(2);
  });

  it('seals an unsealed VERIFIED verdict, and leaves a denial alone', async () => {
    const table = new MemoryVerdictTable();
    const sealer = countingSealer(signer);
    const now = () => new Date(START);
    await recordVerdict(table, KEY, passed('e1', 2), { now });
    expect((await table.get(KEY))!.seal).toBeUndefined();
    await resealVerdict(table, KEY, { sealer, lifetimeHours: 24 }, { now });
    expect(checkSeal((await table.get(KEY))!, trusted)).toEqual({ ok: true });
    await recordVerdict(table, KEY, revoked('r1', 3), { now });
    const result = await resealVerdict(table, KEY, { sealer, lifetimeHours: 24 }, { now });
    expect(result).toMatchObject({ resealed: false, seals: 0 });
    expect(sealer.calls).toBe(1);
  });
});
