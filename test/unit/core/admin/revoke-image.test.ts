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
      manual: true,
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

  it('holds a PENDING image REVOKED: a revocation by hand needs no evaluation to stand', async () => {
    // Prepare
    const { deps, store } = adminDeps();
    await store.seed(KEY, observed('p1', 0));

    // Act
    const result = await revokeImage(deps, REF, 'why', CALLER);

    // Assess
    expect(result.changed).toBe(true);
    expect(result.verdict.status).toBe('REVOKED');
    expect(result.verdict.latestEvents.ManualRevoked?.id).toBe(result.event.id);
  });

  it('an index revoked by hand revokes its platforms by hand, and every index holding them, each naming why', async () => {
    // Prepare: index KEY holds platforms A and B; another index holds A.
    const { deps, store } = adminDeps();
    const a = { ...KEY, digest: `sha256:${'b'.repeat(64)}` };
    const b = { ...KEY, digest: `sha256:${'c'.repeat(64)}` };
    const other = { ...KEY, digest: `sha256:${'d'.repeat(64)}` };
    for (const key of [KEY, a, b, other]) await store.seed(key, observed('p1', 0), passed('e1', 10));
    await store.putMemberships(KEY, [
      { digest: a.digest, platform: 'linux/amd64' },
      { digest: b.digest, platform: 'linux/arm64' },
    ]);
    await store.putMemberships(other, [{ digest: a.digest, platform: 'linux/amd64' }]);

    // Act
    await revokeImage(deps, REF, 'bad base image', CALLER);

    // Assess
    for (const platform of [a, b]) {
      const verdict = await store.get(platform);
      expect(verdict?.status).toBe('REVOKED');
      expect(verdict?.reasons[0]?.message).toBe(
        `revoked with index ${KEY.digest} by ${CALLER}: bad base image`,
      );
    }
    const spread = await store.get(other);
    expect(spread?.status).toBe('REVOKED');
    expect(spread?.reasons[0]).toMatchObject({ code: 'PLATFORM_REVOKED' });
    expect(spread?.reasons[0]?.message).toContain(`linux/amd64 (${a.digest}) is REVOKED`);
  });
});
