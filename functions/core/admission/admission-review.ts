/** The Kubernetes AdmissionReview v1 as the validating webhook reads and answers it. */
export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';

/** The request part the webhook uses; everything else the API server sends is ignored. */
export interface AdmissionRequest {
  /** Echoed in the answer: the API server matches answers to requests by it. */
  readonly uid: string;
  readonly kind: { readonly group: string; readonly version: string; readonly kind: string };
  readonly namespace?: string;
  readonly name?: string;
  readonly operation: string;
  /** `scale`, `status`, `ephemeralcontainers`, ... when the request is for a subresource. */
  readonly subResource?: string;
  /** The object being admitted (absent for DELETE and CONNECT). */
  readonly object?: unknown;
  /** The object before an UPDATE: images it already runs are not checked again. */
  readonly oldObject?: unknown;
  /** Who asks (only the user name is read, for the audit line and break-glass). */
  readonly userInfo?: { readonly username?: string };
}

export interface AdmissionReview {
  readonly apiVersion: typeof ADMISSION_API_VERSION;
  readonly kind: 'AdmissionReview';
  readonly request: AdmissionRequest;
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  /** Set when denied: 403 and a message naming each image and why. */
  readonly status?: { readonly code: number; readonly message: string };
  /** Shown to the user by kubectl; each at most 120 characters. */
  readonly warnings?: readonly string[];
}

export interface AdmissionReviewAnswer {
  readonly apiVersion: typeof ADMISSION_API_VERSION;
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponse;
}
