import type { Command } from './command';
import { checkAdminInput } from './admin-input';
import { EXIT, UsageError } from './exit-codes';
import { emphasis, json } from './output';
import { formatVerdict } from './verdict-format';

/** `revoke DIGEST_REF --reason TEXT`: withdraw trust by hand (POST /v1/admin/revoke). */
export const revokeCommand: Command = {
  name: 'revoke',
  usage: 'revoke DIGEST_REF --reason TEXT',
  summary: 'revoke an image by hand: it may no longer run (admin API, IAM)',
  args: [1, 1],
  options: ['api', 'admin-api', 'reason', 'json', 'region', 'sign'],
  async run({ args, reason, io, options, adminApi }) {
    if (reason === undefined) throw new UsageError('revoke needs --reason TEXT: say why (it is recorded)');
    const input = checkAdminInput(args[0] ?? '', reason);
    const answer = await adminApi().revoke(input.image, input.reason ?? reason);
    if (options.json) {
      io.stdout(json(answer));
      return EXIT.OK;
    }
    const status = answer.verdict.status;
    const headline = !answer.changed
      ? `nothing changed: a newer decision already stands (${status})`
      : status === 'REVOKED'
        ? `revoked (event ${answer.eventId})`
        : `revocation recorded (event ${answer.eventId}); the status stays ${status}`;
    io.stdout(`${headline}\n\n${formatVerdict(answer.verdict, emphasis(io))}`);
    return EXIT.OK;
  },
};
