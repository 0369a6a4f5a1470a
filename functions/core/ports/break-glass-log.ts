/** One use of break-glass: a denied object admitted on a person's word, recorded for the audit. */
export interface BreakGlassUse {
  /** The user the API server names (`userInfo.username`). */
  readonly user: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  readonly operation: string;
  /** The images that would have been denied, each with its status. */
  readonly images: readonly { readonly image: string; readonly status: string }[];
  /** The annotation's text: why. */
  readonly reason: string;
  /** ISO time of the admission. */
  readonly at: string;
  /** The AdmissionReview uid (one record per request). */
  readonly uid: string;
}

/**
 * Where break-glass uses are kept (the verdict table's history, one item per use). The lookup path's
 * only write: an adapter may add nothing else.
 */
export interface BreakGlassLog {
  /** Records one use. @throws ImageTrustError when it could not be recorded (the object is then denied). */
  record(use: BreakGlassUse): Promise<void>;
  /** The most recent uses, newest first. */
  list(limit?: number): Promise<readonly BreakGlassUse[]>;
}
