import { UnauthorizedError } from '../core/errors';
import type { ApiEvent } from './api-event';

/**
 * Who called: an IAM principal (SigV4), a client certificate (mutual TLS), the holder of the admission
 * webhook's credential (`webhook`, id `current` or `previous`), or nobody (local mode).
 */
export interface Caller {
  readonly kind: 'iam' | 'mtls' | 'webhook' | 'local';
  readonly id: string;
}

/** How callers are authenticated. API Gateway does the authenticating; the handler checks it happened. */
export interface AuthOptions {
  /**
   * Refuse requests that carry neither an IAM caller nor a verified client certificate (default
   * true). Only the local mode turns this off.
   */
  readonly requireCaller?: boolean;
  /**
   * The client certificate subject DNs accepted; a certificate with any other subject is refused, and
   * none (absent or empty) refuses every certificate: chaining to the truststore is not enough.
   */
  readonly allowedClientSubjects?: readonly string[];
}

/**
 * The caller of a request, as API Gateway established it: the IAM authorizer's principal, or the
 * subject of the client certificate a mutual-TLS custom domain verified. A request with neither
 * reached the function through a route without authorization: refused, so that no route is ever
 * open by mistake.
 *
 * @throws UnauthorizedError (403)
 */
export function authenticate(event: ApiEvent, options: AuthOptions = {}): Caller {
  const iam = event.requestContext.authorizer?.iam;
  if (iam?.userArn) return { kind: 'iam', id: iam.userArn };
  const subject = event.requestContext.authentication?.clientCert?.subjectDN;
  if (subject) {
    const allowed = options.allowedClientSubjects ?? [];
    if (!allowed.includes(subject)) {
      throw new UnauthorizedError('the client certificate is not one this API accepts');
    }
    return { kind: 'mtls', id: subject };
  }
  if (options.requireCaller === false) return { kind: 'local', id: 'local' };
  throw new UnauthorizedError(
    'the request is not authenticated: sign it with SigV4 (IAM) or present a client certificate (mutual TLS)',
  );
}
