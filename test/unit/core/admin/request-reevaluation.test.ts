import { requestReevaluation } from '../../../../functions/core/admin/request-reevaluation';
import { InvalidInputError, InvalidReferenceError } from '../../../../functions/core/errors';
import { reevaluationMessage } from '../../../../functions/core/events/queue-message';
import { parseQueueMessage } from '../../../../functions/core/events/queue-message';
import type { ReevaluationRequested } from '../../../../functions/core/events/pipeline-event';
import { KEY, observed, passed, revoked } from '../verdict/verdict-events';
import { adminDeps, NOW } from './admin-fixtures';

const REF = `${KEY.registry}/${KEY.repository}@${KEY.digest}`;

describe('requestReevaluation', () => {
  it('hands a ReevaluationRequested event to the signer and returns the verdict as it stands', async () => {
    // Prepare
    const { deps, store, handedOff } = adminDeps();
    await store.seed(KEY, observed('p1', 0), passed('e1', 10), revoked('r1', 20));

    // Act
    const result = await requestReevaluation(
      deps,
      REF,
      'CVE withdrawn',
      'arn:aws:iam::123456789012:role/ops',
    );

    // Assess
    const expected: ReevaluationRequested = {
      type: 'ReevaluationRequested',
      image: KEY,
      id: 'manual:00000000-0000-4000-8000-000000000001',
      at: NOW.toISOString(),
      reason: 'CVE withdrawn (requested by arn:aws:iam::123456789012:role/ops)',
      operator: true,
    };
    expect(handedOff).toEqual([expected]);
    expect(result.event).toEqual(expected);
    expect(result.verdict?.status).toBe('REVOKED');
    expect(store.applied).toEqual([]);
  });

  it('hands off a message the signer queue accepts', async () => {
    // Prepare
    const { deps } = adminDeps();

    // Act
    const { event } = await requestReevaluation(deps, REF, 'x'.repeat(500), 'a'.repeat(300));

    // Assess
    expect(parseQueueMessage(reevaluationMessage(event))).toEqual(event);
  });

  it('asks for a digest without a verdict too (a push the pipeline missed)', async () => {
    // Prepare
    const { deps, handedOff } = adminDeps();

    // Act
    const result = await requestReevaluation(deps, REF, 'push event lost');

    // Assess
    expect(result.verdict).toBeUndefined();
    expect(handedOff).toHaveLength(1);
    expect(handedOff[0]).toMatchObject({ reason: 'push event lost' });
  });

  it.each([
    ['a tag-only reference', `${KEY.registry}/${KEY.repository}:v1`, 'why', InvalidReferenceError],
    ['an empty reason', REF, '', InvalidInputError],
    ['a reason over 500 characters', REF, 'x'.repeat(501), InvalidInputError],
  ])('refuses %s and hands nothing off', async (_what, image, reason, type) => {
    // Prepare
    const { deps, handedOff } = adminDeps();

    // Act
    const act = requestReevaluation(deps, image, reason);

    // Assess
    await expect(act).rejects.toThrow(type);
    expect(handedOff).toEqual([]);
  });
});
