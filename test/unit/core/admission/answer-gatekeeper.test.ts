import { ThrottledError } from '../../../../functions/core/errors';
import {
  answerGatekeeper,
  type ProviderRequest,
} from '../../../../functions/core/admission/answer-gatekeeper';
import { readConformanceJson } from '../../../support/conformance';
import { failed, observed, passed } from '../verdict/verdict-events';
import { imageKey, memoryDeps, refOf } from '../lookup/lookup-fixtures';

function request(...keys: string[]): ProviderRequest {
  return { apiVersion: 'externaldata.gatekeeper.sh/v1beta1', kind: 'ProviderRequest', request: { keys } };
}

describe('answerGatekeeper', () => {
  it('answers each final key with an item whose value is the verdict answer', async () => {
    const deps = memoryDeps();
    deps.store.record(imageKey('1'), observed('p', 0), passed('e', 10));
    deps.store.record(imageKey('2'), observed('p', 0), failed('e', 10));

    const answer = await answerGatekeeper(
      deps,
      request(refOf(imageKey('1')), refOf(imageKey('2')), 'nginx:1.25'),
    );

    expect(answer.apiVersion).toBe('externaldata.gatekeeper.sh/v1beta1');
    expect(answer.kind).toBe('ProviderResponse');
    expect(answer.response.systemError).toBeUndefined();
    expect(answer.response.items.map((i) => [i.key, i.value.allowed, i.value.status])).toEqual([
      [refOf(imageKey('1')), true, 'VERIFIED'],
      [refOf(imageKey('2')), false, 'REJECTED'],
      ['nginx:1.25', false, 'REJECTED'],
    ]);
    expect(answer.response.items[2]?.value.checks).toMatchObject({ allowlist: 'fail', digest: 'fail' });
  });

  it('gives no item to a key without a final answer and names it in systemError (not cached by Gatekeeper)', async () => {
    const deps = memoryDeps();
    deps.store.record(imageKey('3'), observed('p', 0));
    deps.store.record(imageKey('1'), observed('p', 0), passed('e', 10));

    const answer = await answerGatekeeper(
      deps,
      request(refOf(imageKey('3')), refOf(imageKey('4')), refOf(imageKey('1'))),
    );

    expect(answer.response.items.map((i) => i.key)).toEqual([refOf(imageKey('1'))]);
    expect(answer.response.systemError).toMatch(/no final verdict yet for 2 image\(s\)/);
    expect(answer.response.systemError).toContain(`${refOf(imageKey('3'))} (PENDING: PENDING)`);
    expect(answer.response.systemError).toContain(`${refOf(imageKey('4'))} (UNKNOWN: NO_VERDICT)`);
  });

  it('answers a store failure in systemError for the keys that needed a read, and still answers the others', async () => {
    const deps = memoryDeps();
    deps.store.failure = new ThrottledError('ProvisionedThroughputExceededException');

    const answer = await answerGatekeeper(deps, request(refOf(imageKey('5')), 'nginx'));

    expect(answer.response.items.map((i) => i.key)).toEqual(['nginx']);
    expect(answer.response.systemError).toContain('(UNKNOWN: LOOKUP_FAILED)');
  });

  it('answers a key given twice once, reading it once', async () => {
    const deps = memoryDeps();
    deps.store.record(imageKey('1'), observed('p', 0), passed('e', 10));

    const answer = await answerGatekeeper(deps, request(refOf(imageKey('1')), refOf(imageKey('1'))));

    expect(answer.response.items).toHaveLength(1);
    expect(deps.store.batches).toEqual([[imageKey('1')]]);
  });

  it('answers the real Ratify ProviderRequest sample (v1alpha1, a tag-only key) with a digest denial', async () => {
    const deps = memoryDeps();
    const sample = readConformanceJson<ProviderRequest>(
      'admission',
      'gatekeeper-externaldata',
      'provider-api-samples',
      'providerrequest-v1alpha1.ratify-contributing.json',
    );

    const answer = await answerGatekeeper(deps, sample);

    expect(answer.response.items).toEqual([
      {
        key: 'localhost:5000/net-monitor:v1',
        value: expect.objectContaining({
          allowed: false,
          status: 'REJECTED',
          checks: { allowlist: 'fail', digest: 'fail', scan: 'skipped', signature: 'skipped' },
        }),
      },
    ]);
  });

  it('answers an empty request with no items', async () => {
    const answer = await answerGatekeeper(memoryDeps(), request());

    expect(answer.response).toEqual({ idempotent: true, items: [] });
  });
});
