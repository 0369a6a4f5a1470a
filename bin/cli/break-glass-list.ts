import type { CliContext } from './command';
import { UsageError, type ExitCode } from './exit-codes';
import { json, shortDigests, table } from './output';

/**
 * `audit --break-glass`: every recorded break-glass use (newest first) from the admin API: when, who,
 * the object, the images that would have been denied, and why. Exit 0 when there is none, 1 otherwise
 * (a use is something to look at).
 */
export async function listBreakGlass(context: CliContext): Promise<ExitCode> {
  const { io, options, args } = context;
  if (args.length > 0) throw new UsageError('audit --break-glass takes no FILE');
  const { uses } = await context.adminApi().breakGlass();
  if (options.json) {
    io.stdout(json({ uses }));
  } else if (uses.length === 0) {
    io.stdout('no break-glass use recorded\n');
  } else {
    io.stdout(
      `${table(uses, [
        { heading: 'WHEN', value: (u) => u.at },
        { heading: 'USER', value: (u) => u.user, maxWidth: 32 },
        {
          heading: 'OBJECT',
          value: (u) => `${u.kind} ${u.namespace}/${u.name} (${u.operation})`,
          maxWidth: 48,
        },
        {
          heading: 'IMAGES',
          value: (u) => shortDigests(u.images.map((i) => `${i.image} ${i.status}`).join(', ')),
          maxWidth: 80,
        },
        { heading: 'REASON', value: (u) => u.reason, maxWidth: 60 },
      ])}\n${uses.length} break-glass use(s)\n`,
    );
  }
  return uses.length === 0 ? 0 : 1;
}
