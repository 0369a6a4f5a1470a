import { revokeImage } from '../../../../functions/core/admin/revoke-image';
import { InvalidInputError, InvalidReferenceError, NotFoundError } from '../../../../functions/core/errors';
import { KEY, observed, passed } from '../verdict/verdict-events';
import { adminDeps, NOW } from './admin-fixtures';

const REF = `${KEY.registry}/${KEY.repository}@${KEY.digest}`;
const CALLER = 'arn:aws:iam::123456789012:role/ops';

describe('revokeImage', () => {
  it('turns a VERIFIED image REVOKED with a MANUAL reason naming who and why', async () => {
    // Prepare
    const { deps, store } = adminDeps();
    await store.seed(KEY, observed('p1', 0), passed('e1', 10));

    // Act
    const result = await revokeImage(deps, REF, '  leaked signing pipeline credentials ', CALLER);

    // Assess
    expect(result.changed).toBe(true);
    expect(result.verdict.status).toBe('REVOKED');
    expect(result.verdict.reasons).toEqual([
      { code: 'MANUAL', message: `revoked by ${CALLER}: leaked signing pipeline credentials` },
    ]);
    expect(result.event).toEqual({
      type: 'Revoked',
      id: 'manual:00000000-0000-4000-8000-000000000001',
      at: NOW.toISOString(),
      reasons: result.verdict.reasons,
    });
    expect(store.applied).toEqual([{ key: KEY, event: result.event }]);
  });

  it('accepts a reference with a tag beside the digest, and an already parsed one', async () => {
    // Prepare
    const { deps, store } = adminDeps();
    await store.seed(KEY, observed('p1', 0), passed('e1', 10));

    // Act
    const tagged = await revokeImage(
      deps,
      `${KEY.registry}/${KEY.repository}:v1@${KEY.digest}`,
      'why',
      CALLER,
    );
    const parsed = await revokeImage(deps, KEY, 'why again', CALLER);

    // Assess
    expect(tagged.key).toEqual(KEY);
    expect(parsed.key).toEqual(KEY);
  });

  it('refuses an image image-trust has no verdict for, and writes nothing', async () => {
    // Prepare
    const { deps, store } = adminDeps();

    // Act
    const act = revokeImage(deps, REF, 'why', CALLER);

    // Assess
    await expect(act).rejects.toThrow(NotFoundError);
    await expect(act).rejects.toThrow(/has no verdict for .*nothing to revoke/);
    expect(store.applied).toEqual([]);
  });

  it.each([
    [
      'a tag-only reference',
      `${KEY.registry}/${KEY.repository}:v1`,
      'why',
      InvalidReferenceError,
      /has no digest/,
    ],
    ['a reference that does not parse', 'HTTP://x', 'why', InvalidReferenceError, /URL scheme/],
    ['an empty reason', REF, '   ', InvalidInputError, /reason must not be empty/],
    [
      'a reason over 500 characters',
      REF,
      'x'.repeat(501),
      InvalidInputError,
      /501 characters long; the limit is 500/,
    ],
    ['a reason on two lines', REF, 'one\ntwo', InvalidInputError, /one line of text/],
  ])('refuses %s before touching the store', async (_what, image, reason, type, message) => {
    // Prepare
    const { deps, store } = adminDeps();
    await store.seed(KEY, observed('p1', 0), passed('e1', 10));

    // Act
    const act = revokeImage(deps, image, reason, CALLER);

    // Assess
    await expect(act).rejects.toThrow(type);
    await expect(act).rejects.toThrow(message);
    expect(store.applied).toEqual([]);
  });

  it('accepts a reason of exactly 500 characters', async () => {
    // Prepare
    const { deps, store } = adminDeps();
    await store.seed(KEY, observed('p1', 0), passed('e1', 10));

    // Act
    const result = await revokeImage(deps, REF, 'x'.repeat(500), CALLER);

    // Assess
    expect(result.verdict.status).toBe('REVOKED');
  });

  it('refuses an empty caller', async () => {
    // Prepare
    const { deps, store } = adminDeps();
    await store.seed(KEY, observed('p1', 0), passed('e1', 10));

    // Act
    const act = revokeImage(deps, REF, 'why', '');

    // Assess
    await expect(act).rejects.toThrow(/caller must not be empty/);
  });

  it('remembers the revocation of a PENDING image without deciding it', async () => {
    // Prepare
    const { deps, store } = adminDeps();
    await store.seed(KEY, observed('p1', 0));

    // Act
    const result = await revokeImage(deps, REF, 'why', CALLER);

    // Assess
    expect(result.changed).toBe(true);
    expect(result.verdict.status).toBe('PENDING');
    expect(result.verdict.latestEvents.Revoked?.id).toBe(result.event.id);
  });
});
