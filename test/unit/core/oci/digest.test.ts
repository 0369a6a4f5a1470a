import fc from 'fast-check';
import { InvalidReferenceError } from '../../../../functions/core/errors';
import {
  digestHex,
  isContentDigest,
  isDigest,
  parseDigest,
  sha256Digest as hashOf,
} from '../../../../functions/core/oci/digest';
import { sha256Digest } from '../reference/reference-arbitraries';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('parseDigest', () => {
  it('returns a sha256 digest of 64 lower-case hex characters unchanged', () => {
    // Act
    const digest = parseDigest(`sha256:${HEX}`);

    // Assess
    expect(digest).toBe(`sha256:${HEX}`);
  });

  it.each([
    ['', "digest '' is empty"],
    [HEX, `digest '${HEX}' has no algorithm: write it as 'sha256:e3b0c442…'`],
    [`sha256:${HEX.toUpperCase()}`, 'has upper-case hex characters'],
    [`sha256:${HEX.slice(0, 60)}`, 'has 60 hex characters; a sha256 digest has exactly 64'],
    [`sha256:${HEX.slice(0, 57)}EXAMPLE`, 'is a placeholder from AWS documentation'],
    [`sha256:${HEX.slice(0, 53)}example`, 'is a placeholder from AWS documentation'],
    [`sha512:${HEX}${HEX}`, "uses the algorithm 'sha512'; only sha256 is accepted"],
    [`Sha256:${HEX}`, 'names its algorithm in upper case'],
    [`sha256:${HEX} `, "has ' ' at hex character 65"],
    [`sha256:${HEX}\n`, "has '\\u{a}' at hex character 65"],
    [`sha256:z${HEX.slice(1)}`, "has 'z' at hex character 1"],
    [`sha 256:${HEX}`, 'has no valid algorithm'],
    ['not a digest', "is not of the form 'sha256:' and 64 hex characters"],
  ])('rejects %j', (input, message) => {
    // Act
    const act = (): unknown => parseDigest(input);

    // Assess
    expect(act).toThrow(InvalidReferenceError);
    expect(act).toThrow(message);
  });

  it('rejects something that is not a string', () => {
    // Act
    const act = (): unknown => parseDigest(undefined as unknown as string);

    // Assess
    expect(act).toThrow('digest must be a string, not undefined');
  });

  it('accepts exactly what isDigest accepts, on arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), sha256Digest, fc.string({ unit: fc.constantFrom(...'sha256:0af') })),
        (s) => {
          let accepted: boolean;
          try {
            parseDigest(s);
            accepted = true;
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidReferenceError);
            accepted = false;
          }
          expect(accepted).toBe(isDigest(s));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('isDigest', () => {
  it.each([
    [`sha256:${HEX}`, true],
    [`sha256:${HEX.toUpperCase()}`, false],
    [`sha256:${HEX.slice(1)}`, false],
    [`sha512:${HEX}`, false],
    [`${HEX}`, false],
    [undefined, false],
    [42, false],
  ])('says %j is %s', (value, expected) => {
    // Act
    const result = isDigest(value);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('digestHex', () => {
  it('returns the hex characters without the algorithm', () => {
    // Act
    const hex = digestHex(`sha256:${HEX}`);

    // Assess
    expect(hex).toBe(HEX);
  });

  it('rejects an invalid digest', () => {
    // Act
    const act = (): unknown => digestHex('sha256:abc');

    // Assess
    expect(act).toThrow(InvalidReferenceError);
  });
});

describe('sha256Digest', () => {
  it('hashes bytes to their OCI content digest (FIPS 180-2 test vectors)', () => {
    expect(hashOf(new Uint8Array())).toBe(`sha256:${HEX}`);
    expect(hashOf(new TextEncoder().encode('abc'))).toBe(
      'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('isContentDigest', () => {
  it.each([
    [`sha256:${HEX}`, true],
    [`sha512:${HEX}${HEX}`, true],
    [`sha512:${HEX}`, false],
    [`sha256:${HEX.toUpperCase()}`, false],
    [`sha384:${HEX}`, false],
    [HEX, false],
  ])('%s → %p', (value, expected) => {
    expect(isContentDigest(value)).toBe(expected);
  });
});
