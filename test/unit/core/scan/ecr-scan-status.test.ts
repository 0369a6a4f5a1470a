import { fromEcrScanFindings } from '../../../../functions/core/scan/from-ecr-scan-findings';
import { scanStatusMeaning, ScanUnusableError } from '../../../../functions/core/scan/scan-status';
import { pagesOf, statusPage } from './ecr-pages';

describe('scanStatusMeaning', () => {
  it.each([
    ['COMPLETE', 'usable'],
    ['ACTIVE', 'usable'],
    ['IN_PROGRESS', 'not-yet'],
    ['PENDING', 'not-yet'],
    ['FAILED', 'unusable'],
    ['complete', 'unusable'],
  ])('reads %s as %s', (status, meaning) => {
    expect(scanStatusMeaning(status)).toBe(meaning);
  });
});

describe('fromEcrScanFindings by scan status', () => {
  it.each(['IN_PROGRESS', 'PENDING'])('returns undefined for %s: no scan yet', (status) => {
    expect(fromEcrScanFindings([statusPage(status)])).toBeUndefined();
  });

  it('throws for FAILED, so that a failed scan can never pass', () => {
    const act = () => fromEcrScanFindings([statusPage('FAILED', 'Scan failed: manifest too large')]);

    expect(act).toThrow(ScanUnusableError);
    expect(act).toThrow(
      "the ECR scan of image 'sha256:abababababababababababababababababababababababababababababababab' in 'team-a/api' has status 'FAILED' ('Scan failed: manifest too large'); only COMPLETE or ACTIVE scans are usable, so the image cannot pass on it",
    );
  });

  it.each([
    ['FAILED', 'UPSTREAM', false],
    ['UNSUPPORTED_IMAGE', 'UNSUPPORTED', false],
    ['FINDINGS_UNAVAILABLE', 'UPSTREAM', false],
    ['SCAN_ELIGIBILITY_EXPIRED', 'UPSTREAM', false],
    ['IMAGE_ARCHIVED', 'UPSTREAM', false],
    ['LIMIT_EXCEEDED', 'UPSTREAM', true],
    ['A_STATUS_ECR_ADDS_LATER', 'UPSTREAM', false],
  ])('throws ScanUnusableError for %s with code %s', (status, code, retryable) => {
    // Prepare: even with findings that would look clean
    const pages = pagesOf([], 10).map((p) => ({ ...p, imageScanStatus: { status } }));

    // Act
    let error: unknown;
    try {
      fromEcrScanFindings(pages);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(ScanUnusableError);
    expect(error).toMatchObject({ code, retryable, status });
  });

  it('rejects a response without a status', () => {
    expect(() => fromEcrScanFindings([{ imageScanFindings: { findings: [] } }])).toThrow(
      /imageScanStatus.status is missing/,
    );
  });
});
