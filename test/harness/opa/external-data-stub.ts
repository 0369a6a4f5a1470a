/**
 * Gatekeeper's `external_data` builtin, written in Rego for the harness (OPA has no such builtin).
 *
 * What the Rego sees is Gatekeeper's `RegoResponse` (open-policy-agent/frameworks,
 * constraint/pkg/externaldata: `NewRegoResponse`, `HandleError`; the builtin is
 * constraint/pkg/client/drivers/rego/builtin.go):
 * `{"responses": [[key, value], ...], "errors": [[key, error], ...], "status_code": 200, "system_error": ""}`.
 * An item with a non-empty `error` goes to `errors`, every other item to `responses` (a missing value
 * is null); `system_error` is the provider's `response.systemError`; `status_code` the HTTP status.
 * When Gatekeeper cannot reach the provider, frameworks releases built on OPA v0 answer
 * `HandleError`'s shape (`responses` and `errors` null, the status and the error's text); newer ones
 * (OPA v1) fail the evaluation instead. Gatekeeper's per-key cache is not modelled: every call asks.
 */

/** A provider's answer, as its HTTP body (`ProviderResponse`, `externaldata.gatekeeper.sh/v1beta1`). */
export interface ProviderAnswer {
  readonly apiVersion?: string;
  readonly kind: 'ProviderResponse';
  readonly response: {
    readonly idempotent?: boolean;
    readonly items?: readonly { readonly key: unknown; readonly value?: unknown; readonly error?: string }[];
    readonly systemError?: string;
  };
}

/** Gatekeeper could not reach the provider (refused, timed out, TLS, bad JSON). */
export interface TransportFailure {
  readonly kind: 'TransportFailure';
  /** The error's text, as Gatekeeper would put it in `system_error`. */
  readonly message: string;
  /** Gatekeeper answers 500 for a failed request. */
  readonly statusCode?: number;
}

/** What each provider (by name) answers in one test. Items are given only for keys asked for. */
export type ExternalData = Readonly<Record<string, ProviderAnswer | TransportFailure>>;

/** A JSON value as a Rego term (JSON is Rego's syntax for scalars, arrays and objects). */
export function regoTerm(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** The stub: `external_data(request)` answering from `externalData`. */
export function externalDataStub(externalData: ExternalData): string {
  const answers = Object.fromEntries(
    Object.entries(externalData).map(([name, a]) => [
      name,
      a.kind === 'TransportFailure' ? { ...a, statusCode: a.statusCode ?? 500 } : a,
    ]),
  );
  return `
# Gatekeeper's external_data, answered from the test's provider answers (test/harness/opa).
# object.get throughout: OPA type-checks this constant and would refuse fields some answers lack.
gk_harness_providers := ${regoTerm(answers)}

gk_harness_asked(request, key) {
  key == request.keys[_]
}

gk_harness_items(request) = items {
  answer := gk_harness_providers[request.provider]
  given := object.get(object.get(answer, "response", {}), "items", [])
  items := [item | item := given[_]; gk_harness_asked(request, item.key)]
}

external_data(request) = response {
  answer := gk_harness_providers[request.provider]
  answer.kind == "ProviderResponse"
  items := gk_harness_items(request)
  response := {
    "responses": [[item.key, object.get(item, "value", null)] | item := items[_]; object.get(item, "error", "") == ""],
    "errors": [[item.key, item.error] | item := items[_]; object.get(item, "error", "") != ""],
    "status_code": 200,
    "system_error": object.get(object.get(answer, "response", {}), "systemError", ""),
  }
}

external_data(request) = response {
  answer := gk_harness_providers[request.provider]
  answer.kind == "TransportFailure"
  response := {
    "responses": null,
    "errors": null,
    "status_code": object.get(answer, "statusCode", 500),
    "system_error": object.get(answer, "message", ""),
  }
}

external_data(request) = response {
  not gk_harness_providers[request.provider]
  response := {
    "responses": null,
    "errors": null,
    "status_code": 400,
    "system_error": sprintf("harness: no answer given for provider %v", [request.provider]),
  }
}
`;
}
