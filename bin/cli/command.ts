import { ApiClient } from './api-client';
import type { ExitCode } from './exit-codes';
import { mtlsFetch } from './mtls-fetch';
import type { GlobalOptions, OptionName } from './options';
import type { CliIo } from './output';
import { UsageError } from './exit-codes';
import { isLoopbackHost, sigV4Signer, signingRegion, type RequestSigner } from './sigv4';

/** What a command runs with. */
export interface CliContext {
  readonly io: CliIo;
  readonly options: GlobalOptions;
  /** The positional arguments after the command name. */
  readonly args: readonly string[];
  readonly reason?: string;
  /** A client of the lookup API (`--api`), signing unless it is on loopback. */
  api(): ApiClient;
  /** A client of the admin routes (`--admin-api`). */
  adminApi(): ApiClient;
  /** A line of progress on stderr, unless `--quiet`. */
  progress(line: string): void;
}

/** One command of the CLI. */
export interface Command {
  readonly name: string;
  /** `verdict REF` */
  readonly usage: string;
  readonly summary: string;
  /** How many positional arguments it takes: [min, max]. */
  readonly args: readonly [number, number];
  /** The options it reads, as its `--help` lists them; only these may carry `--reason`. */
  readonly options: readonly OptionName[];
  run(context: CliContext): Promise<ExitCode>;
}

/** The context of one run: API clients built on first use. */
export function cliContext(
  io: CliIo,
  options: GlobalOptions,
  args: readonly string[],
  reason: string | undefined,
): CliContext {
  const clients = new Map<string, ApiClient>();
  const client = (url: URL): ApiClient => {
    let found = clients.get(url.href);
    if (found === undefined)
      clients.set(url.href, (found = new ApiClient({ baseUrl: url, ...signing(url), ...transport })));
    return found;
  };
  const { cert, key, ca } = options;
  // With a client certificate the API is a mutual-TLS domain: no SigV4 unless --sign always.
  const transport = cert && key ? { fetch: mtlsFetch({ cert, key, ...(ca ? { ca } : {}) }) } : {};
  const signing = (url: URL): { signer?: RequestSigner } => {
    const loopback = isLoopbackHost(url.hostname);
    const sign = options.sign === 'always' || (options.sign === 'auto' && !loopback && cert === undefined);
    // A signed request carries the caller's access key id and a signature anyone on the path may replay.
    if (sign && url.protocol !== 'https:' && !loopback) {
      throw new UsageError(
        `refusing to send SigV4-signed requests over plain HTTP to ${url.host}: use an https:// URL (plain HTTP only to loopback)`,
      );
    }
    return sign ? { signer: sigV4Signer(signingRegion(url, options.region, io.env)) } : {};
  };
  return {
    io,
    options,
    args,
    ...(reason === undefined ? {} : { reason }),
    api: () => client(options.api),
    adminApi: () => client(options.adminApi),
    progress: (line) => {
      if (!options.quiet) io.stderr(`image-trust: ${line}\n`);
    },
  };
}
