import { LocalKeySigner } from '../../../../functions/adapters/signers/local-key-signer';
import {
  checkSeal,
  sealVerdict,
  trustedSealKeys,
  type SealableVerdict,
} from '../../../../functions/core/verdict/verdict-seal';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;
const fields = {
  registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
  repository: 'team/app',
  digest: DIGEST,
  status: 'VERIFIED' as const,
  policyVersion: 'p-7',
  validUntil: '2026-12-01T00:00:00.000Z',
  revision: 4,
};

describe('verdict seals', () => {
  const signer = LocalKeySigner.generate();
  const stranger = LocalKeySigner.generate();
  let sealed: SealableVerdict;
  let trusted: ReturnType<typeof trustedSealKeys>;

  beforeAll(async () => {
    const seal = await sealVerdict(signer, fields, new Date('2026-11-29T00:00:00Z'));
    sealed = { ...fields, version: 4, seal };
    trusted = trustedSealKeys([await signer.publicKeyPem()]);
  });

  it('accepts the item it sealed, also after later writes that keep the sealed fields', () => {
    expect(checkSeal(sealed, trusted)).toEqual({ ok: true });
    expect(checkSeal({ ...sealed, version: 9 }, trusted)).toEqual({ ok: true });
  });

  it('needs no seal to deny', () => {
    expect(checkSeal({ ...fields, status: 'REJECTED', version: 1 }, trusted)).toEqual({ ok: true });
  });

  it('calls an unsealed VERIFIED item unsigned', () => {
    const { seal: _seal, ...bare } = sealed;
    expect(checkSeal(bare, trusted)).toMatchObject({ ok: false, code: 'VERDICT_UNSIGNED' });
    const { validUntil: _v, ...unbounded } = sealed;
    expect(checkSeal(unbounded, trusted)).toMatchObject({ ok: false, code: 'VERDICT_UNSIGNED' });
  });

  it.each([
    ['another digest', { digest: OTHER }],
    ['another repository', { repository: 'team/other' }],
    ['a later validUntil', { validUntil: '2027-12-01T00:00:00.000Z' }],
    ['another policy version', { policyVersion: 'p-8' }],
    ['an older item than its seal', { version: 3 }],
  ])('calls a seal copied onto %s tampered', (_, change) => {
    expect(checkSeal({ ...sealed, ...change }, trusted)).toMatchObject({
      ok: false,
      code: 'VERDICT_TAMPERED',
    });
  });

  it('calls a seal by a key the deployment does not trust tampered', async () => {
    const other = trustedSealKeys([await stranger.publicKeyPem()]);
    expect(checkSeal(sealed, other)).toMatchObject({ ok: false, code: 'VERDICT_TAMPERED' });
    const forged = await sealVerdict(stranger, fields, new Date());
    expect(checkSeal({ ...sealed, seal: { ...forged, key: sealed.seal!.key } }, trusted)).toMatchObject({
      ok: false,
      code: 'VERDICT_TAMPERED',
    });
  });
});
