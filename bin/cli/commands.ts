import { auditCommand } from './audit';
import type { Command } from './command';
import { publicKeyCommand } from './public-key';
import { publicKeysCommand } from './public-keys';
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
  publicKeysCommand,
];
