import { authenticate, type Caller } from '../http/caller';
import type { ApiEvent } from '../http/api-event';
import { UnauthorizedError } from '../core/errors';
import type { AdminApiDeps } from './admin-deps';

/**
 * The caller of an admin request: an IAM principal (SigV4), checked by the lookup API's own
 * `authenticate`. A client certificate identifies a cluster, not a person, so it may read verdicts
 * but never change them: refused here. Only the local mode (`requireCaller: false`) has no caller.
 *
 * @throws UnauthorizedError (403)
 */
export function adminCaller(event: ApiEvent, auth: AdminApiDeps['auth']): Caller {
  const caller = authenticate(event, { requireCaller: auth?.requireCaller ?? true });
  if (caller.kind === 'mtls') {
    throw new UnauthorizedError(
      'admin operations need an IAM caller (SigV4): a client certificate may only read verdicts',
    );
  }
  return caller;
}
