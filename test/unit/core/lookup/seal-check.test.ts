import { generateKeyPairSync } from 'node:crypto';
import { ThrottledError, UpstreamError } from '../../../../functions/core/errors';
import { cachedSealKeys } from '../../../../functions/core/lookup/cached-seal-keys';
import { lookupMany } from '../../../../functions/core/lookup/lookup-many';
import type { SealRefusal } from '../../../../functions/core/lookup/seal-answer';
import { trustedSealKeys } from '../../../../functions/core/verdict/verdict-seal';
import { sealedForTest, TEST_SEAL_PEM } from '../../../support/test-seals';
import { failed, observed, passed, revoked } from '../verdict/verdict-events';
import { imageKey, memoryDeps, NOW, refOf } from './lookup-fixtures';

/** One lookup of `key` with `deps`, and what onSealRefused was told. */
async function lookUp(deps: ReturnType<typeof memoryDeps>, key: ReturnType<typeof imageKey>) {
  const refusals: SealRefusal[] = [];
  const [outcome] = await lookupMany({ ...deps, onSealRefused: (r) => refusals.push(r) }, [refOf(key)]);
  if (outcome === undefined) throw new Error('no outcome');
  return { ...outcome, refusals };
}

describe('lookups check the signer seal of VERIFIED items', () => {
  it('allows a normal sealed VERIFIED item', async () => {
    const deps = memoryDeps();
    const key = imageKey('1');
    deps.store.record(key, observed('p', 0), passed('e', 10));

    const { answer, refusals } = await lookUp(deps, key);

    expect(answer).toMatchObject({ allowed: true, status: 'VERIFIED' });
    expect(refusals).toEqual([]);
  });

  it('denies VERDICT_UNSIGNED a REJECTED item whose status was edited to VERIFIED, and tells it', async () => {
    const deps = memoryDeps();
    const key = imageKey('2');
    const rejected = deps.store.record(key, observed('p', 0), failed('e', 10));
    deps.store.put({ ...rejected, status: 'VERIFIED', reasons: [] });

    const { answer, refusals, problem } = await lookUp(deps, key);

    expect(answer).toMatchObject({ allowed: false, status: 'REJECTED', final: true });
    expect(answer.checks).toEqual({ allowlist: 'pass', digest: 'pass', scan: 'skipped', signature: 'fail' });
    expect(answer.reasons).toEqual([
      {
        layer: 'signature',
        code: 'VERDICT_UNSIGNED',
        message: expect.stringMatching(/carries no signer's seal/),
      },
    ]);
    expect(problem).toBeUndefined();
    expect(refusals).toEqual([{ ...key, code: 'VERDICT_UNSIGNED', message: answer.reasons[0]?.message }]);
  });

  it("denies VERDICT_TAMPERED another digest's sealed content copied over a rejected item", async () => {
    const deps = memoryDeps();
    const good = deps.store.record(imageKey('3'), observed('p', 0), passed('e', 10));
    const badKey = imageKey('4');
    const bad = deps.store.record(badKey, observed('p', 0), failed('e', 10));
    const { registry, repository, digest, ...content } = good;
    deps.store.put({ ...content, registry: bad.registry, repository: bad.repository, digest: bad.digest });

    const { answer, refusals } = await lookUp(deps, badKey);

    expect(answer.allowed).toBe(false);
    expect(answer.reasons).toEqual([
      expect.objectContaining({
        code: 'VERDICT_TAMPERED',
        message: expect.stringMatching(/does not verify/),
      }),
    ]);
    expect(refusals.map((r) => [r.digest, r.code])).toEqual([[badKey.digest, 'VERDICT_TAMPERED']]);
    expect([registry, repository, digest]).toEqual([good.registry, good.repository, good.digest]);
  });

  it('denies VERDICT_TAMPERED a seal by a key the deployment does not trust', async () => {
    const deps = memoryDeps();
    const key = imageKey('5');
    const verdict = deps.store.record(key, observed('p', 0), passed('e', 10));
    const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    deps.store.put(sealedForTest(verdict, stranger));

    const { answer } = await lookUp(deps, key);

    expect(answer.reasons[0]).toMatchObject({
      code: 'VERDICT_TAMPERED',
      message: expect.stringMatching(/does not trust/),
    });
  });

  it('denies VERDICT_TAMPERED a malformed seal rather than failing the lookup', async () => {
    const deps = memoryDeps();
    const key = imageKey('6');
    const verdict = deps.store.record(key, observed('p', 0), passed('e', 10));
    const seal = (verdict as unknown as { seal: object }).seal;
    deps.store.put({ ...verdict, seal: { ...seal, signature: 42 } } as unknown as typeof verdict);

    const { answer, problem } = await lookUp(deps, key);

    expect(answer.reasons[0]?.code).toBe('VERDICT_TAMPERED');
    expect(problem).toBeUndefined();
  });

  it('honours an old sealed VERIFIED item replayed over a revocation until its validUntil, then denies VERDICT_EXPIRED', async () => {
    const deps = memoryDeps();
    const key = imageKey('7');
    const old = deps.store.record(key, observed('p', 0), passed('e', 10));
    deps.store.record(key, revoked('r', 20));
    const bound = new Date(NOW.getTime() + 3_600_000).toISOString();
    // The signer sealed it with a validUntil one hour from now; the attacker also stretches its validity.
    const replayed = sealedForTest({ ...old, validUntil: bound });
    deps.store.put({ ...replayed, validity: undefined });

    const inside = await lookUp(deps, key);
    const past = await lookUp({ ...deps, now: () => new Date(Date.parse(bound) + 1) }, key);

    expect(inside.answer).toMatchObject({ allowed: true, status: 'VERIFIED', validUntil: bound });
    expect(past.answer).toMatchObject({ allowed: false, status: 'REJECTED' });
    expect(past.answer.reasons).toEqual([
      expect.objectContaining({ code: 'VERDICT_EXPIRED', message: `the verdict was valid until ${bound}` }),
    ]);
  });

  it('denies VERDICT_TAMPERED a sealed item whose validUntil was pushed later than it was sealed for', async () => {
    const deps = memoryDeps();
    const key = imageKey('8');
    const sealed = deps.store.record(key, observed('p', 0), passed('e', 10));
    deps.store.put({ ...sealed, validUntil: '2199-01-01T00:00:00.000Z' });

    expect((await lookUp(deps, key)).answer.reasons[0]?.code).toBe('VERDICT_TAMPERED');
  });

  it('fails closed when the trusted keys cannot be read: UNKNOWN, not final, the failure as problem; denials still answer', async () => {
    const deps = memoryDeps();
    const verified = imageKey('9');
    const rejected = imageKey('a');
    deps.store.record(verified, observed('p', 0), passed('e', 10));
    deps.store.record(rejected, observed('p', 0), failed('e', 10));
    const failure = new ThrottledError('KMS GetPublicKey throttled');
    const noKeys = { ...deps, sealKeys: { trustedKeys: () => Promise.reject(failure) } };

    const [v, r] = await lookupMany(noKeys, [refOf(verified), refOf(rejected)]);

    expect(v?.answer).toMatchObject({ allowed: false, status: 'UNKNOWN', final: false });
    expect(v?.answer.reasons[0]).toMatchObject({
      code: 'SEAL_KEYS_UNAVAILABLE',
      message: expect.stringMatching(/THROTTLED/),
    });
    expect(v?.problem).toBe(failure);
    expect(r?.answer).toMatchObject({ status: 'REJECTED', final: true });
    expect(r?.problem).toBeUndefined();
  });
});

describe('cachedSealKeys', () => {
  const keys = trustedSealKeys([TEST_SEAL_PEM]);

  it('reads the keys once per container, sharing the first read among concurrent callers', async () => {
    let reads = 0;
    const cached = cachedSealKeys({ trustedKeys: () => Promise.resolve((reads++, keys)) });

    const got = await Promise.all([cached.trustedKeys(), cached.trustedKeys()]);
    await cached.trustedKeys();

    expect(got).toEqual([keys, keys]);
    expect(reads).toBe(1);
  });

  it('never keeps a failure or an empty set: the next call reads again', async () => {
    const answers: (() => Promise<typeof keys>)[] = [
      () => Promise.reject(new UpstreamError('KMS down')),
      () => Promise.resolve(new Map()),
      () => Promise.resolve(keys),
    ];
    const cached = cachedSealKeys({ trustedKeys: () => answers.shift()!() });

    await expect(cached.trustedKeys()).rejects.toThrow('KMS down');
    await expect(cached.trustedKeys()).rejects.toThrow(/no trusted seal key/);
    await expect(cached.trustedKeys()).resolves.toBe(keys);
    await expect(cached.trustedKeys()).resolves.toBe(keys);
  });
});
