import fc from 'fast-check';
import { InvalidReferenceError } from '../../../../functions/core/errors';
import {
  attestationTag,
  isSigstoreArtifactTag,
  parseSigstoreArtifactTag,
  referrersFallbackTag,
  sbomTag,
  signatureTag,
} from '../../../../functions/core/reference';
import { sha256Digest } from './reference-arbitraries';

const HEX = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const DIGEST = `sha256:${HEX}`;

describe('cosign artifact tags', () => {
  it.each([
    ['signatureTag', signatureTag, `sha256-${HEX}.sig`],
    ['attestationTag', attestationTag, `sha256-${HEX}.att`],
    ['sbomTag', sbomTag, `sha256-${HEX}.sbom`],
    ['referrersFallbackTag', referrersFallbackTag, `sha256-${HEX}`],
  ])('%s names the tag cosign uses', (_name, tagOf, expected) => {
    // Act
    const tag = tagOf(DIGEST);

    // Assess
    expect(tag).toBe(expected);
  });

  it.each([signatureTag, attestationTag, sbomTag, referrersFallbackTag])(
    '%p rejects a digest that is not sha256',
    (tagOf) => {
      // Act
      const act = (): unknown => tagOf(`sha256:${HEX.slice(0, 60)}`);

      // Assess
      expect(act).toThrow(InvalidReferenceError);
    },
  );
});

describe('isSigstoreArtifactTag', () => {
  it.each([
    [`sha256-${HEX}.sig`, true],
    [`sha256-${HEX}.att`, true],
    [`sha256-${HEX}.sbom`, true],
    [`sha256-${HEX}`, true],
    [`sha256-${HEX}.SIG`, false],
    [`sha256-${HEX.toUpperCase()}.sig`, false],
    [`sha256-${HEX.slice(1)}.sig`, false],
    [`sha256-${HEX}.sig.bak`, false],
    [`sha256-${HEX}.foo`, false],
    [`sha512-${HEX}${HEX}.sig`, false],
    [`v1-sha256-${HEX}.sig`, false],
    ['latest', false],
    ['1.25', false],
    [undefined, false],
    [null, false],
  ])('says %j is ours: %s', (tag, expected) => {
    // Act
    const result = isSigstoreArtifactTag(tag);

    // Assess
    expect(result).toBe(expected);
  });

  it('recognises every tag the tag functions make, and reads back the digest', () => {
    fc.assert(
      fc.property(sha256Digest, (digest) => {
        expect(parseSigstoreArtifactTag(signatureTag(digest))).toStrictEqual({
          kind: 'signature',
          subject: digest,
        });
        expect(parseSigstoreArtifactTag(attestationTag(digest))).toStrictEqual({
          kind: 'attestation',
          subject: digest,
        });
        expect(parseSigstoreArtifactTag(sbomTag(digest))).toStrictEqual({ kind: 'sbom', subject: digest });
        expect(parseSigstoreArtifactTag(referrersFallbackTag(digest))).toStrictEqual({
          kind: 'referrers',
          subject: digest,
        });
      }),
      { numRuns: 500 },
    );
  });

  it('does not mistake arbitrary tags for ours', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 128 }), (tag) => {
        expect(isSigstoreArtifactTag(tag)).toBe(/^sha256-[0-9a-f]{64}(\.sig|\.att|\.sbom)?$/.test(tag));
      }),
      { numRuns: 1000 },
    );
  });
});
