import { adminKey, checkReason } from '../../functions/core/admin/admin-input';
import { canonicalReference } from '../../functions/core/reference/canonical';
import { UsageError } from './exit-codes';

/**
 * The checks the admin routes make, made before any call so that a mistake costs no request: a
 * digest reference, and a reason of 1-500 characters on one line.
 *
 * @returns the canonical reference and the trimmed reason
 * @throws UsageError
 */
export function checkAdminInput(
  image: string,
  reason: string | undefined,
): { image: string; reason?: string } {
  try {
    const ref = canonicalReference(adminKey(image));
    return reason === undefined ? { image: ref } : { image: ref, reason: checkReason(reason) };
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}
