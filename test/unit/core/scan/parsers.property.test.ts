import fc from 'fast-check';
import { ImageTrustError, InvalidInputError } from '../../../../functions/core/errors';
import type { EcrScanFindingsPage } from '../../../../functions/core/scan/ecr-scan-findings-page';
import { findingFromInspectorEvent } from '../../../../functions/core/scan/finding-from-inspector-event';
import { fromEcrScanFindings } from '../../../../functions/core/scan/from-ecr-scan-findings';
import { fromTrivyReport } from '../../../../functions/core/scan/from-trivy-report';
import { SEVERITIES } from '../../../../functions/core/scan/scan-summary';
import { basicFindings, pagesOf } from './ecr-pages';

const NOW = new Date('2025-01-01T00:00:00Z');
const anything = fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true });

/** Calls `parse`; it may return, or throw one of our errors, but nothing else. */
function onlyOurErrors(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ImageTrustError);
  }
}

describe('scan parsers on arbitrary input', () => {
  it('fromTrivyReport answers anything with a summary or an InvalidInputError', () => {
    fc.assert(
      fc.property(fc.oneof(anything, fc.string()), (input) => {
        try {
          fromTrivyReport(input, NOW);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
        }
      }),
    );
  });

  it('fromEcrScanFindings answers any list of values with a summary, undefined or one of our errors', () => {
    fc.assert(
      fc.property(fc.array(anything, { maxLength: 3 }), (pages) => {
        onlyOurErrors(() => fromEcrScanFindings(pages as EcrScanFindingsPage[], { now: NOW }));
      }),
    );
  });

  it('findingFromInspectorEvent answers anything with a finding or an InvalidInputError', () => {
    fc.assert(
      fc.property(anything, (detail) => {
        try {
          findingFromInspectorEvent(detail);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidInputError);
        }
      }),
    );
  });

  it('fromEcrScanFindings keeps every finding however the pages are cut', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...SEVERITIES, 'UNTRIAGED'), { maxLength: 40 }),
        fc.integer({ min: 1, max: 15 }),
        (severities, size) => {
          const summary = fromEcrScanFindings(pagesOf(basicFindings(severities), size));

          expect(summary?.findings).toHaveLength(severities.length);
          const total = Object.values(summary?.severityCounts ?? {}).reduce((a, b) => a + b, 0);
          expect(total).toBe(severities.length);
        },
      ),
    );
  });
});
