import { dueReseals } from '../../../bin/local/seal-renewals';
import { LocalKeySigner } from '../../../functions/adapters/signers/local-key-signer';
import { signerSealer } from '../../../functions/core/signing/signer-sealer';
import { recordVerdict } from '../../../functions/core/verdict/record-verdict';
import { MemoryVerdictTable } from '../../support/memory-verdict-table';
import { at, KEY, passed, revoked } from '../core/verdict/verdict-events';

const HOUR_MS = 3_600_000;

describe('the local mode renews seals (dueReseals)', () => {
  const sealing = { sealer: signerSealer(LocalKeySigner.generate()), lifetimeHours: 24 };
  const sealedAt = new Date(Date.parse(at(0)) + HOUR_MS);

  it('asks for a re-seal of a VERIFIED verdict once its renewal is due, not before', async () => {
    const table = new MemoryVerdictTable();
    await recordVerdict(table, KEY, passed('e1', 2), { now: () => sealedAt, sealing });
    expect(await dueReseals(table, new Date(sealedAt.getTime() + 11 * HOUR_MS))).toEqual([]);
    const due = await dueReseals(table, new Date(sealedAt.getTime() + 12 * HOUR_MS));
    expect(due).toMatchObject([{ type: 'ResealRequested', image: KEY }]);
  });

  it('never asks for a denial', async () => {
    const table = new MemoryVerdictTable();
    await recordVerdict(table, KEY, passed('e1', 2), { now: () => sealedAt, sealing });
    await recordVerdict(table, KEY, revoked('r1', 3), { now: () => sealedAt });
    expect(await dueReseals(table, new Date(sealedAt.getTime() + 48 * HOUR_MS))).toEqual([]);
  });
});
