import type { AdmissionAudit } from '../../../../functions/core/admission/admission-audit';
import { BREAK_GLASS_ANNOTATION } from '../../../../functions/core/admission/break-glass';
import { reviewAdmission } from '../../../../functions/core/admission/review-admission';
import { UpstreamError } from '../../../../functions/core/errors';
import type { BreakGlassUse } from '../../../../functions/core/ports/break-glass-log';
import { failed, observed, passed } from '../verdict/verdict-events';
import { imageKey, memoryDeps, NOW, refOf, testConfig } from '../lookup/lookup-fixtures';
import { admissionReview, workload } from './workloads';

function setUp() {
  const config = testConfig({
    admission: {
      defaultMode: 'enforce',
      namespaces: { legacy: 'warn' },
      exemptNamespaces: ['kube-system'],
      breakGlassNamespaces: ['payments'],
    },
  });
  const base = memoryDeps();
  base.store.record(imageKey('1'), observed('p', 0), passed('e', 10));
  base.store.record(imageKey('2'), observed('p', 0), failed('e', 10, ['CVE-2024-3094']));
  const uses: BreakGlassUse[] = [];
  const lines: AdmissionAudit[] = [];
  const deps = {
    ...base,
    config,
    audit: (line: AdmissionAudit) => lines.push(line),
    breakGlass: { record: async (use: BreakGlassUse) => void uses.push(use) },
  };
  return { deps, uses, lines, verified: refOf(imageKey('1')), rejected: refOf(imageKey('2')) };
}

function glassPod(images: string[], namespace: string, reason: unknown = 'INC-42: hotfix during outage') {
  const pod = workload('Pod', { containers: images });
  const review = admissionReview(
    'Pod',
    { ...pod, metadata: { name: 'web', annotations: { [BREAK_GLASS_ANNOTATION]: reason } } },
    { namespace },
  );
  return { ...review, request: { ...review.request, userInfo: { username: 'alice@example.com' } } };
}

describe('break-glass', () => {
  it('admits a denied pod in a break-glass namespace with a warning, and records who, what, which images, why and when', async () => {
    const { deps, uses, rejected } = setUp();

    const { response } = await reviewAdmission(deps, glassPod([rejected], 'payments'));

    expect(response.allowed).toBe(true);
    expect(response.warnings?.[0]).toBe(
      'image-trust: BREAK-GLASS used, recorded: INC-42: hotfix during outage',
    );
    expect(response.warnings?.[1]).toMatch(/REJECTED/);
    expect(uses).toEqual([
      {
        user: 'alice@example.com',
        namespace: 'payments',
        kind: 'Pod',
        name: 'web',
        operation: 'CREATE',
        images: [{ image: rejected, status: 'REJECTED' }],
        reason: 'INC-42: hotfix during outage',
        at: NOW.toISOString(),
        uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
      },
    ]);
  });

  it('is ignored outside the configured namespaces', async () => {
    const { deps, uses, rejected } = setUp();

    const { response } = await reviewAdmission(deps, glassPod([rejected], 'team-a'));

    expect(response.allowed).toBe(false);
    expect(uses).toEqual([]);
  });

  it.each([
    ['an empty reason', '  '],
    ['a reason that is not a string', 42],
  ])('is ignored with %s', async (_, reason) => {
    const { deps, uses, rejected } = setUp();

    const { response } = await reviewAdmission(deps, glassPod([rejected], 'payments', reason));

    expect(response.allowed).toBe(false);
    expect(uses).toEqual([]);
  });

  it('records nothing for a pod that would be admitted anyway', async () => {
    const { deps, uses, verified } = setUp();

    const { response } = await reviewAdmission(deps, glassPod([verified], 'payments'));

    expect(response).toMatchObject({ allowed: true });
    expect(response.warnings).toBeUndefined();
    expect(uses).toEqual([]);
  });

  it('denies when the use cannot be recorded, or when there is nowhere to record it', async () => {
    const { deps, rejected } = setUp();
    const failing = {
      ...deps,
      breakGlass: { record: () => Promise.reject(new UpstreamError('table down')) },
    };
    const { breakGlass: _, ...without } = deps;

    const first = await reviewAdmission(failing, glassPod([rejected], 'payments'));
    const second = await reviewAdmission(without, glassPod([rejected], 'payments'));

    expect(first.response.allowed).toBe(false);
    expect(first.response.status?.message).toMatch(/break-glass could not be recorded: table down$/);
    expect(second.response.allowed).toBe(false);
    expect(second.response.status?.message).toMatch(/break-glass is not available here$/);
  });
});

describe('the audit line', () => {
  it('is written once per decision with user, namespace, kind and name, operation, images, decision and mode', async () => {
    const { deps, lines, verified, rejected } = setUp();

    await reviewAdmission(deps, glassPod([verified, rejected], 'team-a'));
    await reviewAdmission(
      deps,
      admissionReview('Pod', workload('Pod', { containers: [rejected] }), { namespace: 'legacy' }),
    );
    await reviewAdmission(
      deps,
      admissionReview('Pod', workload('Pod', { containers: [rejected] }), { namespace: 'kube-system' }),
    );
    await reviewAdmission(deps, glassPod([rejected], 'payments'));

    expect(lines).toEqual([
      {
        user: 'alice@example.com',
        namespace: 'team-a',
        kind: 'Pod',
        name: 'web',
        operation: 'CREATE',
        images: [
          { image: verified, status: 'VERIFIED' },
          { image: rejected, status: 'REJECTED' },
        ],
        decision: 'denied',
        mode: 'enforce',
        reason: expect.stringMatching(/^image-trust denied Pod team-a\/web: 1 of 2 image/),
      },
      expect.objectContaining({ user: '(unknown)', namespace: 'legacy', decision: 'warned', mode: 'warn' }),
      expect.objectContaining({
        namespace: 'kube-system',
        decision: 'not-checked',
        mode: 'exempt',
        images: [],
      }),
      expect.objectContaining({ decision: 'break-glass', reason: 'INC-42: hotfix during outage' }),
    ]);
  });

  it('carries no part of the object but names and references', async () => {
    const { deps, lines, verified } = setUp();
    const pod = workload('Pod', { containers: [verified] });
    (pod.spec as { containers: Record<string, unknown>[] }).containers[0]!.env = [
      { name: 'TOKEN', value: 's3cr3t' },
    ];

    await reviewAdmission(deps, admissionReview('Pod', pod, { namespace: 'team-a' }));

    expect(JSON.stringify(lines)).not.toContain('s3cr3t');
    expect(lines[0]?.decision).toBe('allowed');
  });
});
