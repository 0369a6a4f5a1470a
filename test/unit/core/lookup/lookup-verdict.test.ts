import { InvalidReferenceError, ThrottledError, UpstreamError } from '../../../../functions/core/errors';
import { lookupVerdict } from '../../../../functions/core/lookup/lookup-verdict';
import { LookupTimeoutError } from '../../../../functions/core/lookup/with-timeout';
import { failed, observed, passed, revoked, deleted } from '../verdict/verdict-events';
import { imageKey, memoryDeps, NOW, refOf, REGISTRY } from './lookup-fixtures';

describe('lookupVerdict', () => {
  it('allows a verified digest and shows its scan, signature, policy version and times', async () => {
    // Prepare
    const deps = memoryDeps();
    const key = imageKey('1');
    deps.store.record(key, observed('push', 0, ['v1']), passed('eval', 10));

    // Act
    const answer = await lookupVerdict(deps, refOf(key));

    // Assess
    expect(answer).toMatchObject({
      image: refOf(key),
      allowed: true,
      status: 'VERIFIED',
      final: true,
      checks: { allowlist: 'pass', digest: 'pass', scan: 'pass', signature: 'pass' },
      policyVersion: 'policy-eval',
      scan: { source: 'ecr-basic', severityCounts: { LOW: 2 } },
      signature: { keyId: 'arn:aws:kms:us-east-1:123456789012:key/eval' },
      times: { firstSeenAt: '2025-03-01T12:00:00.000Z', decidedAt: '2025-03-01T12:00:10.000Z' },
      checkedAt: NOW.toISOString(),
    });
  });

  it('never shows the internal latestEvents, tags or version of a verdict', async () => {
    const deps = memoryDeps();
    const key = imageKey('2');
    deps.store.record(key, observed('push', 0, ['v1']), passed('eval', 10));

    const answer = await lookupVerdict(deps, refOf(key));

    expect(Object.keys(answer)).not.toEqual(expect.arrayContaining(['latestEvents']));
    expect(JSON.stringify(answer)).not.toMatch(/latestEvents|"version"|"tags"/);
  });

  it('denies a rejected digest with the policy reasons and CVE ids, on the scan layer', async () => {
    const deps = memoryDeps();
    const key = imageKey('3');
    deps.store.record(key, observed('push', 0), failed('eval', 10, ['CVE-2024-3094']));

    const answer = await lookupVerdict(deps, refOf(key));

    expect(answer).toMatchObject({ allowed: false, status: 'REJECTED', final: true });
    expect(answer.checks).toEqual({ allowlist: 'pass', digest: 'pass', scan: 'fail', signature: 'skipped' });
    expect(answer.reasons).toEqual([
      {
        layer: 'scan',
        code: 'CRITICAL_FINDINGS',
        message: 'critical findings (eval)',
        cveIds: ['CVE-2024-3094'],
      },
    ]);
    expect(answer.signature).toBeUndefined();
  });

  it('denies a digest revoked for a new CVE on the scan layer', async () => {
    const deps = memoryDeps();
    const key = imageKey('4');
    deps.store.record(key, observed('push', 0), passed('eval', 10), revoked('cve', 20, 'CVE-2025-0001'));

    const answer = await lookupVerdict(deps, refOf(key));

    expect(answer).toMatchObject({ allowed: false, status: 'REVOKED', final: true });
    expect(answer.checks.scan).toBe('fail');
    expect(answer.reasons[0]).toMatchObject({
      layer: 'scan',
      code: 'CVE_PUBLISHED',
      cveIds: ['CVE-2025-0001'],
    });
  });

  it('denies a digest revoked by hand on the signature layer', async () => {
    const deps = memoryDeps();
    const key = imageKey('5');
    deps.store.record(key, observed('push', 0), passed('eval', 10), {
      type: 'Revoked',
      id: 'manual',
      at: '2025-03-01T12:01:00.000Z',
      reasons: [{ code: 'MANUAL', message: 'revoked by alice: leaked credentials' }],
    });

    const answer = await lookupVerdict(deps, refOf(key));

    expect(answer.checks).toMatchObject({ scan: 'pass', signature: 'fail' });
    expect(answer.reasons).toEqual([
      { layer: 'signature', code: 'MANUAL', message: 'revoked by alice: leaked credentials' },
    ]);
  });

  it('denies a deleted digest on the signature layer', async () => {
    const deps = memoryDeps();
    const key = imageKey('6');
    deps.store.record(key, observed('push', 0), passed('eval', 10), deleted('gone', 30));

    const answer = await lookupVerdict(deps, refOf(key));

    expect(answer).toMatchObject({ allowed: false, status: 'DELETED', final: true });
    expect(answer.reasons).toEqual([expect.objectContaining({ layer: 'signature', code: 'IMAGE_DELETED' })]);
  });

  it('denies a pending digest as not final, saying it waits for scan results', async () => {
    const deps = memoryDeps();
    const key = imageKey('7');
    deps.store.record(key, observed('push', 0));

    const answer = await lookupVerdict(deps, refOf(key));

    expect(answer).toMatchObject({ allowed: false, status: 'PENDING', final: false });
    expect(answer.reasons).toEqual([expect.objectContaining({ layer: 'scan', code: 'PENDING' })]);
    expect(answer.reasons[0]?.message).toMatch(/waiting for scan results/);
  });

  it('denies an unknown digest as not final', async () => {
    const deps = memoryDeps();

    const answer = await lookupVerdict(deps, refOf(imageKey('8')));

    expect(answer).toMatchObject({ allowed: false, status: 'UNKNOWN', final: false });
    expect(answer.reasons).toEqual([expect.objectContaining({ layer: 'scan', code: 'NO_VERDICT' })]);
    expect(answer.times).toBeUndefined();
  });

  it('refuses a tag-only reference, saying how to find the digest', async () => {
    const deps = memoryDeps();

    const lookup = lookupVerdict(deps, `${REGISTRY}/team/app:v1`);

    await expect(lookup).rejects.toThrow(InvalidReferenceError);
    await expect(lookup).rejects.toThrow(/digest .* is required.*image-trust resolve .*team\/app:v1/);
    expect(deps.store.batches).toHaveLength(0);
  });

  it('refuses a malformed reference without reading', async () => {
    const deps = memoryDeps();

    await expect(lookupVerdict(deps, 'team/app@sha256:not-a-digest')).rejects.toThrow(InvalidReferenceError);
    expect(deps.store.batches).toHaveLength(0);
  });

  it('denies a registry outside the allowlist without reading the store', async () => {
    const deps = memoryDeps();

    const answer = await lookupVerdict(deps, `docker.io/library/nginx@sha256:${'c'.repeat(64)}`);

    expect(answer).toMatchObject({ allowed: false, status: 'REJECTED', final: true });
    expect(answer.checks).toEqual({
      allowlist: 'fail',
      digest: 'pass',
      scan: 'skipped',
      signature: 'skipped',
    });
    expect(answer.reasons).toEqual([
      expect.objectContaining({
        layer: 'allowlist',
        code: 'NOT_ALLOWLISTED',
        message: expect.stringMatching(/docker\.io/),
      }),
    ]);
    expect(deps.store.batches).toHaveLength(0);
  });

  it('denies a repository outside the allowed patterns without reading the store', async () => {
    const deps = memoryDeps();

    const answer = await lookupVerdict(deps, refOf(imageKey('9', 'other/app')));

    expect(answer.checks.allowlist).toBe('fail');
    expect(answer.reasons[0]?.message).toMatch(/other\/app matches none of the allowed patterns/);
    expect(deps.store.batches).toHaveLength(0);
  });

  it('reports a store failure as the store error (fail closed, never an allow)', async () => {
    const deps = memoryDeps();
    deps.store.failure = new ThrottledError('slow down');

    await expect(lookupVerdict(deps, refOf(imageKey('a')))).rejects.toThrow(ThrottledError);
  });

  it('turns an unexpected store error into a retryable UpstreamError', async () => {
    const deps = memoryDeps();
    deps.store.failure = new TypeError('boom');

    const lookup = lookupVerdict(deps, refOf(imageKey('a')));

    await expect(lookup).rejects.toThrow(UpstreamError);
    await expect(lookup).rejects.toMatchObject({ retryable: true });
  });

  it('gives up on a store slower than the timeout', async () => {
    const deps = memoryDeps();
    deps.store.delayMs = 1000;

    await expect(lookupVerdict({ ...deps, timeoutMs: 20 }, refOf(imageKey('b')))).rejects.toThrow(
      LookupTimeoutError,
    );
  });
});
