import { InvalidReferenceError } from '../../../../functions/core/errors';
import {
  parseDigestReference,
  parseImageReference,
  requireDigest,
} from '../../../../functions/core/reference';

const DIGEST = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

describe('requireDigest', () => {
  it('returns a reference with a digest, keeping all its fields', () => {
    // Prepare
    const parsed = parseImageReference(`nginx:1.25@${DIGEST}`);

    // Act
    const ref = requireDigest(parsed);

    // Assess
    expect(ref).toStrictEqual(parsed);
    expect(ref.digest).toBe(DIGEST);
    expect(ref.registryImplied).toBe(true);
  });

  it('explains how to find the digest of a reference written without one, as it was written', () => {
    // Prepare
    const parsed = parseImageReference('nginx:latest');

    // Act
    const act = (): unknown => requireDigest(parsed);

    // Assess
    expect(act).toThrow(
      new InvalidReferenceError(
        "image reference 'nginx:latest' has no digest: a digest (@sha256:...) is required; " +
          'find it with `image-trust resolve nginx:latest`',
      ),
    );
  });

  it('names a reference with an explicit registry in full', () => {
    // Prepare
    const parsed = parseImageReference('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v2');

    // Act
    const act = (): unknown => requireDigest(parsed);

    // Assess
    expect(act).toThrow(
      'find it with `image-trust resolve 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v2`',
    );
  });

  it('rejects a hand-built reference whose digest is not a sha256 digest', () => {
    // Act
    const act = (): unknown => requireDigest({ registry: 'r.io', repository: 'app', digest: 'sha256:ABC' });

    // Assess
    expect(act).toThrow(InvalidReferenceError);
    expect(act).toThrow("image reference 'r.io/app@sha256:ABC': digest 'sha256:ABC' has upper-case hex");
  });
});

describe('parseDigestReference', () => {
  it('parses a reference that has a digest', () => {
    // Act
    const ref = parseDigestReference(`r.io/app@${DIGEST}`);

    // Assess
    expect(ref).toStrictEqual({
      registry: 'r.io',
      repository: 'app',
      digest: DIGEST,
      registryImplied: false,
    });
  });

  it('rejects a reference that has only a tag', () => {
    // Act
    const act = (): unknown => parseDigestReference('r.io/app:v1');

    // Assess
    expect(act).toThrow(/has no digest/);
  });
});
