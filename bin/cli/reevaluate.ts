import type { Command } from './command';
import { checkAdminInput } from './admin-input';
import { EXIT } from './exit-codes';
import { emphasis, json } from './output';
import { formatVerdict } from './verdict-format';

/** `reevaluate DIGEST_REF [--reason TEXT]`: ask the signer to evaluate again (POST /v1/admin/reevaluate). */
export const reevaluateCommand: Command = {
  name: 'reevaluate',
  usage: 'reevaluate DIGEST_REF [--reason TEXT]',
  summary: 'ask for a new evaluation of an image now; a pass restores a revoked image (admin API, IAM)',
  args: [1, 1],
  options: ['api', 'admin-api', 'reason', 'json', 'region', 'sign'],
  async run({ args, reason, io, options, adminApi }) {
    const input = checkAdminInput(args[0] ?? '', reason);
    const answer = await adminApi().reevaluate(input.image, input.reason);
    io.stdout(
      options.json
        ? json(answer)
        : `re-evaluation requested (event ${answer.eventId}); until it runs the verdict is:\n\n${formatVerdict(answer.verdict, emphasis(io))}`,
    );
    return EXIT.OK;
  },
};
