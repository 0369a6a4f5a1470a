import { ImageTrustError } from '../errors';
import { quote } from '../reference/quote';

/** What ECR's `imageScanStatus.status` means for us. */
export type ScanStatusMeaning =
  /** COMPLETE (basic or enhanced) or ACTIVE (enhanced, continuous): the findings are usable. */
  | 'usable'
  /** IN_PROGRESS, PENDING: ask again later. */
  | 'not-yet'
  /** Everything else: FAILED, UNSUPPORTED_IMAGE, FINDINGS_UNAVAILABLE, SCAN_ELIGIBILITY_EXPIRED, ... */
  | 'unusable';

const USABLE: readonly string[] = ['COMPLETE', 'ACTIVE'];
const NOT_YET: readonly string[] = ['IN_PROGRESS', 'PENDING'];

/** The meaning of an ECR scan status; statuses ECR may add later count as unusable. */
export function scanStatusMeaning(status: string): ScanStatusMeaning {
  if (USABLE.includes(status)) return 'usable';
  if (NOT_YET.includes(status)) return 'not-yet';
  return 'unusable';
}

/**
 * A scan that ended without usable findings (FAILED, UNSUPPORTED_IMAGE, ...). Never a pass: the caller
 * records a failed verdict or tries again. Code UNSUPPORTED for an image ECR cannot scan, UPSTREAM
 * otherwise; retryable only for LIMIT_EXCEEDED (basic scanning allows one scan per image per day).
 */
export class ScanUnusableError extends ImageTrustError {
  constructor(
    readonly status: string,
    image: string,
    description: string | undefined,
  ) {
    super(
      status === 'UNSUPPORTED_IMAGE' ? 'UNSUPPORTED' : 'UPSTREAM',
      `the ECR scan of ${image} has status ${quote(status)}${description === undefined ? '' : ` (${quote(description)})`}; ` +
        'only COMPLETE or ACTIVE scans are usable, so the image cannot pass on it',
      { retryable: status === 'LIMIT_EXCEEDED' },
    );
  }
}
