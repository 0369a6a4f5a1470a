import { auditCommand } from './audit';
import type { Command } from './command';
import { publicKeyCommand } from './public-key';
import { reevaluateCommand } from './reevaluate';
import { resolveCommand } from './resolve';
import { revokeCommand } from './revoke';
import { verdictCommand } from './verdict';

/** Every command, in the order the help lists them. */
export const COMMANDS: readonly Command[] = [
  verdictCommand,
  resolveCommand,
  auditCommand,
  revokeCommand,
  reevaluateCommand,
  publicKeyCommand,
];

/** The help text: commands, options, exit codes (docs/CLI.md has the long form). */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return [
    'usage: image-trust COMMAND [ARGS] [OPTIONS]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'options:',
    '  --api URL        the lookup API (default $IMAGE_TRUST_API or http://127.0.0.1:8080)',
    '  --admin-api URL  the admin API (default $IMAGE_TRUST_ADMIN_API or --api)',
    '  --json           JSON on stdout, for scripts',
    '  --region REGION  the region to sign for (default: from the API host, then $AWS_REGION)',
    '  --sign MODE      auto (sign unless the API is on loopback), always or never',
    '  -q, --quiet      no progress on stderr',
    '  -h, --help       this help',
    '',
    'exit codes: 0 ok / all verified, 1 not verified / denied / no such tag,',
    '            2 usage error, 3 API, registry or network error',
    '',
  ].join('\n');
}
