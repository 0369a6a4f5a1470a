import { runCli } from './cli/run';

/**
 * `image-trust`: the ops CLI (docs/CLI.md). Verdicts, tag-to-digest resolution, cluster audits,
 * revocation and re-evaluation by hand, the public key. Run through bin/image-trust.js
 * (`npx image-trust ...`): from this source through tsx in a checkout, from dist/image-trust.cjs
 * (scripts/build-cli.mjs) once packed. The exit code is set, not forced, so that stdout is flushed first.
 */
void runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: process.stdin,
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
}).then((code) => {
  process.exitCode = code;
});
