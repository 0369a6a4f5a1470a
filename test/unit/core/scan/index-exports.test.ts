import * as scan from '../../../../functions/core/scan';

describe('the scan entry point', () => {
  it('exports the public API', () => {
    expect(Object.keys(scan).sort()).toEqual(
      [
        'INSPECTOR_FINDING_STATUSES',
        'SCANNER_URIS',
        'SEVERITIES',
        'ScanUnusableError',
        'TRIVY_SCAN_ANNOTATION',
        'countSeverities',
        'findingFromInspectorEvent',
        'fromEcrScanFindings',
        'fromTrivyReport',
        'isSeverity',
        'scanStatusMeaning',
        'toSeverity',
        'trivyReportFromAnnotations',
      ].sort(),
    );
  });
});
