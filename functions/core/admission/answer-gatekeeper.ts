import type { LookupDeps } from '../lookup/lookup-deps';
import { lookupMany, type LookupOutcome } from '../lookup/lookup-many';
import { oneLine } from './one-line';
import type { VerdictAnswer } from '../lookup/verdict-answer';

/** The provider API version Gatekeeper expects in answers (it sends v1alpha1 or v1beta1). */
export const PROVIDER_API_VERSION = 'externaldata.gatekeeper.sh/v1beta1';

/** Gatekeeper's external-data request: the keys are image references as they appear in objects. */
export interface ProviderRequest {
  readonly apiVersion: string;
  readonly kind: 'ProviderRequest';
  readonly request: { readonly keys: readonly string[] };
}

/** One answered key; image-trust never uses per-item `error` (see answerGatekeeper). */
export interface ProviderItem {
  readonly key: string;
  readonly value: VerdictAnswer;
}

export interface ProviderResponse {
  readonly apiVersion: typeof PROVIDER_API_VERSION;
  readonly kind: 'ProviderResponse';
  readonly response: {
    readonly idempotent: boolean;
    readonly items: readonly ProviderItem[];
    readonly systemError?: string;
  };
}

/** At most this many images are named in a systemError. */
const MAX_NAMED = 5;

/**
 * Answers a Gatekeeper external-data request, one read per distinct image.
 *
 * Gatekeeper caches every item it receives, value or error alike, for its response-cache TTL (3
 * minutes by default). So only **final** answers (VERIFIED, REJECTED, REVOKED, DELETED, and what
 * the allowlist and digest layers deny) are items. A key without a final answer (PENDING, UNKNOWN,
 * or a failed lookup) gets no item: it is named in `systemError` instead, which Gatekeeper does not
 * cache, so it asks again on the next admission and a freshly verified image is let in at once.
 * Templates must deny an image without an item (ours do: fail closed).
 */
export async function answerGatekeeper(
  deps: LookupDeps,
  request: ProviderRequest,
): Promise<ProviderResponse> {
  const keys = [...new Set(request.request.keys)];
  const outcomes = await lookupMany(deps, keys);
  const final = outcomes.filter((o) => o.answer.final);
  const open = outcomes.filter((o) => !o.answer.final);
  return {
    apiVersion: PROVIDER_API_VERSION,
    kind: 'ProviderResponse',
    response: {
      idempotent: true,
      items: final.map((o) => ({ key: o.input, value: o.answer })),
      ...(open.length === 0 ? {} : { systemError: systemError(open) }),
    },
  };
}

function systemError(open: readonly LookupOutcome[]): string {
  const named = open.slice(0, MAX_NAMED).map((o) => {
    const reason = o.answer.reasons[0];
    return `${o.answer.image} (${o.answer.status}${reason ? `: ${reason.code}` : ''})`;
  });
  const more = open.length > MAX_NAMED ? ` and ${open.length - MAX_NAMED} more` : '';
  return oneLine(
    `image-trust: no final verdict yet for ${open.length} image(s), denied until there is one; ask again shortly: ${named.join(', ')}${more}`,
  );
}
