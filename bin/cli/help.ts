import type { Command } from './command';
import { COMMANDS } from './commands';
import type { OptionName } from './options';

/** One line of help per option, as `image-trust --help` and each command's `--help` list them. */
const OPTION_HELP: Readonly<Record<OptionName, readonly [string, string]>> = {
  api: ['--api URL', 'the lookup API (default $IMAGE_TRUST_API or http://127.0.0.1:8080)'],
  'admin-api': ['--admin-api URL', 'the admin API (default $IMAGE_TRUST_ADMIN_API or --api)'],
  reason: ['--reason TEXT', 'why, in up to 500 characters (recorded with the event)'],
  json: ['--json', 'JSON on stdout, for scripts'],
  region: ['--region REGION', 'the region to sign for (default: from the API host, then $AWS_REGION)'],
  sign: ['--sign MODE', 'auto (sign unless the API is on loopback), always or never'],
  quiet: ['-q, --quiet', 'no progress on stderr'],
  cert: ['--cert FILE', 'mutual TLS: the client certificate (PEM) to present to the API'],
  key: ['--key FILE', 'mutual TLS: the private key (PEM) of --cert'],
  ca: ['--ca FILE', 'mutual TLS: a CA (PEM) to trust for the API besides the system roots'],
  'webhook-url': [
    '--webhook-url URL',
    'the webhook URL up to its credential (output AdmissionWebhookUrlPrefix)',
  ],
  'credential-secret': [
    '--credential-secret ARN',
    'the webhook credential secret (output AdmissionWebhookSecretArn)',
  ],
  namespace: ['--namespace NAME', "image-trust's own namespace, never blocked (default image-trust)"],
  bucket: ['--bucket NAME', 'the truststore bucket (output TruststoreBucket)'],
  file: ['--file FILE', "Gatekeeper's CA (PEM), or kubectl get secret -o json output (default: stdin)"],
  'break-glass': ['--break-glass', 'audit: list the recorded break-glass uses (admin API)'],
};

const HELP_LINE = ['-h, --help', 'this help'] as const;
const VERSION_LINE = ['--version', 'the version of image-trust'] as const;

const EXIT_CODES = [
  'exit codes: 0 ok / all verified, 1 not verified / denied / no such tag,',
  '            2 usage error, 3 API, registry or network error',
];

/** The help text: commands, every option, exit codes (docs/CLI.md has the long form). */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  const every = (Object.keys(OPTION_HELP) as OptionName[]).map((name) => OPTION_HELP[name]);
  return [
    'usage: image-trust COMMAND [ARGS] [OPTIONS]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'options:',
    ...optionLines([...every, HELP_LINE, VERSION_LINE]),
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

/** One command's help: its usage, what it does, and the options it reads. */
export function commandHelp(command: Command): string {
  return [
    `usage: image-trust ${command.usage} [OPTIONS]`,
    '',
    command.summary,
    '',
    'options:',
    ...optionLines([...command.options.map((name) => OPTION_HELP[name]), HELP_LINE]),
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

function optionLines(lines: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...lines.map(([flags]) => flags.length));
  return lines.map(([flags, text]) => `  ${flags.padEnd(width)}  ${text}`);
}
