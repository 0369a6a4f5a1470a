import type { ApiEvent } from '../http/api-event';
import type { Caller } from '../http/caller';
import { UnauthorizedError } from '../core/errors';
import type { AdminApiDeps } from './admin-deps';

/**
 * The caller of an admin request: the IAM principal that API Gateway's IAM authorizer put in the
 * request context (`requestContext.authorizer.iam.userArn`), and nothing else. No header, body field,
 * query or client certificate names the caller: a client certificate identifies a cluster, not a
 * person, so it may read verdicts but never change them. Only the local mode (`requireCaller: false`)
 * has no caller.
 *
 * @throws UnauthorizedError (403)
 */
export function adminCaller(event: ApiEvent, auth: AdminApiDeps['auth']): Caller {
  const userArn = event.requestContext.authorizer?.iam?.userArn;
  if (userArn) return { kind: 'iam', id: userArn };
  if (auth?.requireCaller === false) return { kind: 'local', id: 'local' };
  throw new UnauthorizedError(
    'admin operations need an IAM caller (SigV4), established by the API Gateway IAM authorizer; a client certificate may only read verdicts',
  );
}
