import fc from 'fast-check';
import { InvalidReferenceError } from '../../../../functions/core/errors';
import {
  canonicalReference,
  familiarReference,
  parseImageReference,
  repositoryName,
  type ParsedImageReference,
} from '../../../../functions/core/reference';
import { mutatedReference, referenceSoup, validReference } from './reference-arbitraries';

/**
 * The canonical form, written independently of the parser: a lower-case registry (host name, IPv4 or
 * bracketed IPv6, optional port), lower-case path components, then a sha256 digest or a tag.
 */
const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const CANONICAL = new RegExp(
  `^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-f:]+\\])(?::[1-9][0-9]{0,4})?` +
    `/${PATH_COMPONENT}(?:/${PATH_COMPONENT})*` +
    '(?:@sha256:[0-9a-f]{64}|:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$',
);

/** distribution/reference's ReferenceRegexp, anchored: what Docker itself accepts. */
const DOCKER_DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOCKER_DOMAIN = `(?:${DOCKER_DOMAIN_COMPONENT}(?:\\.${DOCKER_DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const DOCKER_REFERENCE = new RegExp(
  `^((?:${DOCKER_DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)` +
    '(?::([\\w][\\w.-]{0,127}))?' +
    '(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$',
);

/** Plain printable ASCII, and the ellipsis that marks a shortened quote. */
function printable(message: string): boolean {
  return [...message].every((ch) => (ch >= ' ' && ch <= '~') || ch === '…');
}

/** Parses, returning the InvalidReferenceError instead of throwing it; anything else is rethrown. */
function tryParse(input: string): ParsedImageReference | InvalidReferenceError {
  try {
    return parseImageReference(input);
  } catch (error) {
    if (error instanceof InvalidReferenceError) return error;
    throw error;
  }
}

/** Every kind of string: any UTF-16, any grapheme, reference-like soup, near-valid references. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary-ascii', maxLength: 300 }),
  referenceSoup,
  mutatedReference,
);

describe('parseImageReference, on generated input', () => {
  it('finds the parts of every valid reference the grammar can generate', () => {
    fc.assert(
      fc.property(validReference, (ref) => {
        // Act
        const parsed = parseImageReference(ref.text);

        // Assess
        expect({ ...parsed, text: ref.text }).toStrictEqual(ref);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads its own canonical form back as the same reference', () => {
    fc.assert(
      fc.property(validReference, (ref) => {
        // Prepare
        const parsed = parseImageReference(ref.text);

        // Act
        const canonical = canonicalReference(parsed);
        const reparsed = parseImageReference(canonical);

        // Assess
        expect(canonicalReference(reparsed)).toBe(canonical);
        expect(reparsed.registry).toBe(parsed.registry);
        expect(reparsed.repository).toBe(parsed.repository);
        expect(reparsed.digest).toBe(parsed.digest);
        expect(reparsed.tag).toBe(parsed.digest === undefined ? parsed.tag : undefined);
        expect(reparsed.registryImplied).toBe(false);
        expect(repositoryName(reparsed)).toBe(repositoryName(parsed));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads the familiar form back as the same reference', () => {
    fc.assert(
      fc.property(validReference, (ref) => {
        // Prepare
        const parsed = parseImageReference(ref.text);

        // Act
        const reparsed = parseImageReference(familiarReference(parsed));

        // Assess
        expect(canonicalReference(reparsed)).toBe(canonicalReference(parsed));
        expect(reparsed.tag).toBe(parsed.tag);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws nothing but InvalidReferenceError, whatever the string', () => {
    fc.assert(
      fc.property(anyString, (input) => {
        // Act
        const result = tryParse(input);

        // Assess
        if (result instanceof InvalidReferenceError) {
          expect(result.code).toBe('INVALID_INPUT');
          expect(result.message).toMatch(/^image reference /);
          expect(printable(result.message)).toBe(true);
          expect(result.message.length).toBeLessThan(500);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('gives every accepted reference a canonical form that matches the strict grammar', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          validReference.map((r) => r.text),
        ),
        (input) => {
          // Act
          const result = tryParse(input);

          // Assess
          if (!(result instanceof InvalidReferenceError)) {
            expect(canonicalReference(result)).toMatch(CANONICAL);
            expect(`${result.registry}/${result.repository}`.length).toBeLessThanOrEqual(255);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('accepts nothing that Docker would reject', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyString,
          validReference.map((r) => r.text),
        ),
        (input) => {
          // Act
          const result = tryParse(input);

          // Assess
          if (!(result instanceof InvalidReferenceError)) {
            expect(input).toMatch(DOCKER_REFERENCE);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('rejects any valid reference into which a hostile character is inserted', () => {
    const hostile = fc.constantFrom(
      ' ',
      '\n',
      '\r',
      '\t',
      '\u0000',
      ';',
      '$',
      '`',
      '"',
      "'",
      '|',
      '&',
      '\\',
      '\u202e',
      'і',
    );
    fc.assert(
      fc.property(validReference, fc.nat(), hostile, (ref, position, ch) => {
        // Prepare
        const i = position % (ref.text.length + 1);
        const input = ref.text.slice(0, i) + ch + ref.text.slice(i);

        // Act
        const result = tryParse(input);

        // Assess
        expect(result).toBeInstanceOf(InvalidReferenceError);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every valid reference whose repository has an upper-case letter', () => {
    fc.assert(
      fc.property(validReference, (ref) => {
        // Prepare
        const start = ref.text.length - (ref.text.split('/').pop() ?? '').length;
        const input =
          ref.text.slice(0, start) + ref.text.charAt(start).toUpperCase() + ref.text.slice(start + 1);
        fc.pre(/[a-z]/.test(ref.text.charAt(start)));

        // Act
        const result = tryParse(input);

        // Assess
        expect(result).toBeInstanceOf(InvalidReferenceError);
      }),
      { numRuns: 1000 },
    );
  });
});
