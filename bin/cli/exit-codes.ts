/**
 * The exit codes scripts can rely on (docs/CLI.md):
 * - 0: done; the image is VERIFIED (verdict), every audited image is (audit)
 * - 1: the answer is no: not VERIFIED, some audited image is not, no such tag (resolve), nothing
 *   to revoke, no key published
 * - 2: usage error: unknown command or option, a bad reference or reason, unreadable input
 * - 3: the API or the registry failed or could not be reached, or answered something unexpected
 */
export const EXIT = {
  OK: 0,
  NO: 1,
  USAGE: 2,
  FAILED: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that ends the CLI with its exit code and its message on stderr. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** The command line or the input is wrong (exit 2); the message says how to fix it. */
export class UsageError extends CliError {
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(EXIT.USAGE, message, options);
  }
}

/**
 * An API answer that is an error, with the API's code: exit 2 for a 400 (the input), 1 for NOT_FOUND
 * (no verdict to revoke, no key published: the answer is no), else 3.
 */
export class ApiCallError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(status === 400 ? EXIT.USAGE : code === 'NOT_FOUND' ? EXIT.NO : EXIT.FAILED, message);
  }
}

/** The API or the registry could not be reached or answered something unexpected (exit 3). */
export class UnavailableError extends CliError {
  constructor(message: string, options: { readonly cause?: unknown } = {}) {
    super(EXIT.FAILED, message, options);
  }
}
