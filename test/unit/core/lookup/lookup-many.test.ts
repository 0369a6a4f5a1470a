import { UpstreamError } from '../../../../functions/core/errors';
import { lookupMany } from '../../../../functions/core/lookup/lookup-many';
import { observed, passed } from '../verdict/verdict-events';
import { imageKey, memoryDeps, refOf, REGISTRY } from './lookup-fixtures';

describe('lookupMany', () => {
  it('reads every image that needs a read in one batch, in the order given', async () => {
    const deps = memoryDeps();
    const verified = imageKey('1');
    deps.store.record(verified, observed('p', 0), passed('e', 10));
    const unknown = imageKey('2');

    const outcomes = await lookupMany(deps, [refOf(unknown), refOf(verified), `${REGISTRY}/team/app:v1`]);

    expect(deps.store.batches).toEqual([[unknown, verified]]);
    expect(outcomes.map((o) => [o.input, o.answer.status, o.problem?.code])).toEqual([
      [refOf(unknown), 'UNKNOWN', undefined],
      [refOf(verified), 'VERIFIED', undefined],
      [`${REGISTRY}/team/app:v1`, 'REJECTED', 'INVALID_INPUT'],
    ]);
  });

  it('reads nothing when no reference passes the first two layers', async () => {
    const deps = memoryDeps();

    await lookupMany(deps, ['nginx:latest', 'quay.io/x/y@sha256:' + 'd'.repeat(64)]);

    expect(deps.store.batches).toHaveLength(0);
  });

  it('names every failing layer of a reference: a tag-only image from another registry fails both', async () => {
    const deps = memoryDeps();

    const [outcome] = await lookupMany(deps, ['nginx:latest']);

    expect(outcome?.answer.checks).toEqual({
      allowlist: 'fail',
      digest: 'fail',
      scan: 'skipped',
      signature: 'skipped',
    });
    expect(outcome?.answer.reasons.map((r) => r.code)).toEqual(['NOT_ALLOWLISTED', 'DIGEST_REQUIRED']);
    expect(outcome?.answer.image).toBe('docker.io/library/nginx:latest');
  });

  it('denies only the references that needed a read when the store fails, with the reason', async () => {
    const deps = memoryDeps();
    deps.store.failure = new UpstreamError('connect ECONNREFUSED', { retryable: true });

    const [read, decided] = await lookupMany(deps, [refOf(imageKey('3')), 'nginx:latest']);

    expect(read?.answer).toMatchObject({ allowed: false, status: 'UNKNOWN', final: false });
    expect(read?.answer.reasons).toEqual([
      expect.objectContaining({
        code: 'LOOKUP_FAILED',
        message: expect.stringMatching(/could not be read \(UPSTREAM\)/),
      }),
    ]);
    expect(read?.problem).toBeInstanceOf(UpstreamError);
    expect(decided?.answer.final).toBe(true);
  });

  it('says a timed-out lookup timed out', async () => {
    const deps = { ...memoryDeps(), timeoutMs: 10 };
    deps.store.delayMs = 500;

    const [outcome] = await lookupMany(deps, [refOf(imageKey('4'))]);

    expect(outcome?.answer.reasons[0]).toMatchObject({
      code: 'LOOKUP_TIMEOUT',
      message: expect.stringMatching(/10 ms/),
    });
  });
});
