/**
 * The credentials the admission webhook endpoint accepts in its URL path: the current one and, while a
 * rotation is under way, the previous one (both valid, so clusters can move to the new URL one by one).
 */
export interface WebhookCredentials {
  readonly current: string;
  readonly previous?: string;
}

/** Where the webhook's credentials are kept: a Secrets Manager secret in AWS. */
export interface WebhookCredentialSource {
  /** The credentials as stored now. @throws an ImageTrustError when they cannot be read */
  read(): Promise<WebhookCredentials>;
}
