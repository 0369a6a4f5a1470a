import { LocalKeySigner } from '../../../../functions/adapters/signers/local-key-signer';
import { presealFor, type UnsignedPass } from '../../../../functions/core/pipeline/preseal';
import { signerSealer } from '../../../../functions/core/signing/signer-sealer';
import { recordVerdict } from '../../../../functions/core/verdict/record-verdict';
import type { Preseal } from '../../../../functions/core/verdict/seal-step';
import type { EvaluatedEvent } from '../../../../functions/core/verdict/verdict-event';
import type { VerdictSealer } from '../../../../functions/core/verdict/verdict-sealer';
import { checkSeal, trustedSealKeys } from '../../../../functions/core/verdict/verdict-seal';
import { MemoryVerdictTable } from '../../../support/memory-verdict-table';
import { at, KEY, observed, passed } from '../verdict/verdict-events';

const HOUR_MS = 3_600_000;
const START = Date.parse(at(0)) + HOUR_MS;

function unsigned(event: EvaluatedEvent): UnsignedPass {
  if (event.outcome !== 'pass') throw new Error('a pass, please');
  const { signature: _signature, ...rest } = event;
  return rest;
}

describe('a seal made beside the signing (preseal)', () => {
  const signer = LocalKeySigner.generate();
  let table: MemoryVerdictTable;
  let calls: number;
  let nowMs: number;
  const now = () => new Date(nowMs);
  const sealer: VerdictSealer = {
    seal: (...args) => {
      calls += 1;
      return signerSealer(signer).seal(...args);
    },
  };
  const deps = () => ({ sealer, now, config: { sealing: { lifetimeHours: 24 } } });
  const write = (event: EvaluatedEvent, preseal?: Preseal) =>
    recordVerdict(table, KEY, event, {
      now,
      sealing: { sealer, lifetimeHours: 24, ...(preseal ? { preseal } : {}) },
    });
  const trusted = async () => trustedSealKeys([await signer.publicKeyPem()]);

  beforeEach(async () => {
    table = new MemoryVerdictTable();
    calls = 0;
    nowMs = START;
    await recordVerdict(table, KEY, observed('o1', 1, ['v1']), { now });
  });

  it('is what the record writes when the verdict has exactly its content: one signing call in all', async () => {
    const current = await table.get(KEY);
    const preseal = await presealFor(deps(), KEY, current, unsigned(passed('e1', 2)));
    expect(preseal?.fields).toMatchObject({ status: 'VERIFIED', revision: 2, policyVersion: 'policy-e1' });
    nowMs += 90;
    const result = await write(passed('e1', 2), preseal);
    expect(result).toMatchObject({ changed: true, seals: 0 });
    expect(calls).toBe(1);
    const stored = (await table.get(KEY))!;
    expect(stored.seal).toEqual(preseal!.seal);
    expect(stored.validUntil).toBe(new Date(START + 24 * HOUR_MS).toISOString());
    expect(stored.resealAt).toBe(new Date(START + 12 * HOUR_MS).toISOString());
    expect(checkSeal(stored, await trusted())).toEqual({ ok: true });
  });

  it('is not used for a verdict whose revision moved on (another write came first): sealed again', async () => {
    const current = await table.get(KEY);
    const preseal = await presealFor(deps(), KEY, current, unsigned(passed('e1', 2)));
    await recordVerdict(table, KEY, observed('o2', 3, ['v2']), { now });
    const result = await write(passed('e1', 2), preseal);
    expect(result.seals).toBe(1);
    const stored = (await table.get(KEY))!;
    expect(stored.version).toBe(3);
    expect(stored.seal?.revision).toBe(3);
    expect(stored.seal).not.toEqual(preseal!.seal);
    expect(checkSeal(stored, await trusted())).toEqual({ ok: true });
  });

  it('is not used for another decision (policy version, validUntil): sealed again', async () => {
    const current = await table.get(KEY);
    const preseal = await presealFor(deps(), KEY, current, unsigned(passed('e1', 2)));
    const other = await write(passed('e2', 2), preseal);
    expect(other.seals).toBe(1);
    const stored = (await table.get(KEY))!;
    expect(stored.policyVersion).toBe('policy-e2');
    expect(stored.seal).not.toEqual(preseal!.seal);
    expect(checkSeal(stored, await trusted())).toEqual({ ok: true });

    const bounded = { ...unsigned(passed('e3', 4)) };
    const ahead = await presealFor(deps(), KEY, stored, bounded);
    const validUntil = new Date(START + 2 * HOUR_MS).toISOString();
    const validity = {
      ...{ staleAt: validUntil, graceEndsAt: validUntil, reviewAt: validUntil },
      ...{ onStale: 'reject' as const, validUntil },
    };
    const result = await write({ ...passed('e3', 4), validity }, ahead);
    expect(result.seals).toBe(1);
    const latest = (await table.get(KEY))!;
    expect(latest.validUntil).toBe(validUntil);
    expect(latest.seal).not.toEqual(ahead!.seal);
    expect(checkSeal(latest, await trusted())).toEqual({ ok: true });
  });

  it('is not made where the record would keep the seal, nor without a sealer', async () => {
    await write(passed('e1', 2));
    const sealed = await table.get(KEY);
    calls = 0;
    const again = { ...unsigned(passed('e1', 2)), id: 'e1-again', at: at(3) };
    expect(await presealFor(deps(), KEY, sealed, again)).toBeUndefined();
    expect(calls).toBe(0);
    const current = await table.get(KEY);
    const noSealer = { now, config: { sealing: { lifetimeHours: 24 } } };
    expect(await presealFor(noSealer, KEY, current, unsigned(passed('e2', 4)))).toBeUndefined();
  });
});
