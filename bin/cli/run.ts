import { cliContext } from './command';
import { version } from '../../package.json';
import { COMMANDS } from './commands';
import { CliError, EXIT, UsageError, type ExitCode } from './exit-codes';
import { commandHelp, usage } from './help';
import { parseCommandLine } from './options';
import type { CliIo } from './output';

/**
 * Runs the CLI once: parses the arguments, runs the command, and turns every error into its exit
 * code with one line on stderr. Never throws.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    const line = parseCommandLine(argv, io.env);
    if (line.version) {
      io.stdout(`${version}\n`);
      return EXIT.OK;
    }
    if (line.command === 'help' || (line.help && line.command === undefined)) {
      io.stdout(usage());
      return EXIT.OK;
    }
    if (line.command === undefined) throw new UsageError(`a command is needed\n\n${usage()}`);
    const command = COMMANDS.find((c) => c.name === line.command);
    if (command === undefined) {
      throw new UsageError(`unknown command '${line.command}': ${COMMANDS.map((c) => c.name).join(', ')}`);
    }
    if (line.help) {
      io.stdout(commandHelp(command));
      return EXIT.OK;
    }
    const [min, max] = command.args;
    if (line.args.length < min || line.args.length > max) {
      throw new UsageError(`usage: image-trust ${command.usage}`);
    }
    if (line.reason !== undefined && !command.options.includes('reason')) {
      throw new UsageError(`${command.name} takes no --reason`);
    }
    return await command.run(cliContext(io, line.options, line.args, line.reason));
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`image-trust: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(
      `image-trust: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT.FAILED;
  }
}
