import { parseDigestReference } from '../../functions/core/reference/require-digest';
import type { Command } from './command';
import { EXIT, UsageError } from './exit-codes';
import { emphasis, json } from './output';
import { formatVerdict } from './verdict-format';

/** `verdict REF`: may this digest run? Exit 0 when VERIFIED, 1 when not. */
export const verdictCommand: Command = {
  name: 'verdict',
  usage: 'verdict REF',
  summary: 'show the verdict of an image by digest: status, every reason, signature, scan',
  args: [1, 1],
  options: ['api', 'json', 'region', 'sign'],
  async run({ args, io, options, api }) {
    const input = args[0] ?? '';
    try {
      parseDigestReference(input);
    } catch (error) {
      throw new UsageError((error as Error).message, { cause: error });
    }
    const answer = await api().verdict(input);
    io.stdout(options.json ? json(answer) : formatVerdict(answer, emphasis(io)));
    return answer.allowed ? EXIT.OK : EXIT.NO;
  },
};
