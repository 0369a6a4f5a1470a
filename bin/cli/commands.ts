import { auditCommand } from './audit';
import { clusterManifestsCommand } from './cluster-manifests';
import type { Command } from './command';
import { gatekeeperTrustCommand } from './gatekeeper-trust';
import { publicKeyCommand } from './public-key';
import { publicKeysCommand } from './public-keys';
import { reevaluateCommand } from './reevaluate';
import { resolveCommand } from './resolve';
import { revokeCommand } from './revoke';
import { rotateWebhookCredentialCommand } from './rotate-webhook-credential';
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
  clusterManifestsCommand,
  rotateWebhookCredentialCommand,
  gatekeeperTrustCommand,
];
