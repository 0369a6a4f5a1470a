import { parseArgs } from 'node:util';
import { UsageError } from './exit-codes';

/** The API of `npm start`: loopback, unsigned. */
export const DEFAULT_API = 'http://127.0.0.1:8080';

/** Whether requests are signed with SigV4: `auto` signs every API that is not on loopback. */
export type SignMode = 'auto' | 'always' | 'never';

/** The options every command takes. */
export interface GlobalOptions {
  readonly api: URL;
  /** Where the admin routes are (revoke, reevaluate); default the same as `api`. */
  readonly adminApi: URL;
  readonly json: boolean;
  readonly region?: string;
  readonly sign: SignMode;
  /** No progress on stderr. */
  readonly quiet: boolean;
  /** Mutual TLS: the client certificate and key (PEM files) to present, and a CA to trust. */
  readonly cert?: string;
  readonly key?: string;
  readonly ca?: string;
  /** cluster-manifests, rotate-webhook-credential: the webhook URL up to its credential, and the secret. */
  readonly webhookUrl?: string;
  readonly credentialSecret?: string;
  /** cluster-manifests: image-trust's own namespace (never blocked). */
  readonly namespace?: string;
  /** gatekeeper-trust: the truststore bucket, and a CA file (else stdin). */
  readonly bucket?: string;
  readonly file?: string;
  /** `audit --break-glass`: list the recorded break-glass uses instead of auditing pods. */
  readonly breakGlass: boolean;
}

/** The command line, parsed. */
export interface CommandLine {
  readonly command?: string;
  readonly args: readonly string[];
  readonly options: GlobalOptions;
  readonly help: boolean;
  /** `--version`: print the version and stop. */
  readonly version: boolean;
  /** `--reason`, when given (revoke, reevaluate). */
  readonly reason?: string;
}

const SPEC = {
  api: { type: 'string' },
  'admin-api': { type: 'string' },
  json: { type: 'boolean', default: false },
  region: { type: 'string' },
  sign: { type: 'string', default: 'auto' },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
  reason: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  ca: { type: 'string' },
  'webhook-url': { type: 'string' },
  'credential-secret': { type: 'string' },
  namespace: { type: 'string' },
  bucket: { type: 'string' },
  file: { type: 'string' },
  'break-glass': { type: 'boolean', default: false },
} as const;

/** The options a command may read (each command's help lists its own; `--help` and `--version` aside). */
export type OptionName = Exclude<keyof typeof SPEC, 'help' | 'version'>;

/**
 * Parses the arguments (options may come before or after the command) with node:util parseArgs.
 * `--api` defaults to IMAGE_TRUST_API, then http://127.0.0.1:8080; `--admin-api` to
 * IMAGE_TRUST_ADMIN_API, then the API.
 *
 * @throws UsageError for an unknown option, a missing value, a bad URL or sign mode
 */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: SPEC, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
  const { values, positionals } = parsed;
  const sign = values.sign;
  if (sign !== 'auto' && sign !== 'always' && sign !== 'never') {
    throw new UsageError(`--sign must be auto, always or never, not '${sign}'`);
  }
  const api = apiUrl(values.api ?? env.IMAGE_TRUST_API ?? DEFAULT_API, '--api');
  const adminApi = apiUrl(values['admin-api'] ?? env.IMAGE_TRUST_ADMIN_API ?? api.href, '--admin-api');
  if ((values.cert === undefined) !== (values.key === undefined)) {
    throw new UsageError('--cert and --key go together: the client certificate and its private key');
  }
  const [command, ...args] = positionals;
  return {
    ...(command === undefined ? {} : { command }),
    args,
    help: values.help,
    version: values.version,
    ...(values.reason === undefined ? {} : { reason: values.reason }),
    options: {
      api,
      adminApi,
      json: values.json,
      sign,
      quiet: values.quiet,
      breakGlass: values['break-glass'],
      ...(values.region === undefined ? {} : { region: values.region }),
      ...defined({
        cert: values.cert,
        key: values.key,
        ca: values.ca,
        webhookUrl: values['webhook-url'],
        credentialSecret: values['credential-secret'],
        namespace: values.namespace,
        bucket: values.bucket,
        file: values.file,
      }),
    },
  };
}

function defined<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof T, string>
  >;
}

function apiUrl(text: string, option: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${option} must be a URL such as ${DEFAULT_API}, not '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${option} must be an http or https URL, not '${text}'`);
  }
  if (url.search !== '' || url.hash !== '') throw new UsageError(`${option} must have no query or fragment`);
  return url;
}
