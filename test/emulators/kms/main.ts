/**
 * Runs the KMS emulator on its own for the local mode:
 *
 *   tsx test/emulators/kms/main.ts [--port 4599] [--region us-east-1] [--alias image-trust]
 *                                  [--state .data/kms.json] [--verbose]
 *
 * Prints the endpoint (first line) and the ARN of each alias, then serves until SIGINT or SIGTERM.
 * Point clients at it with AWS_ENDPOINT_URL_KMS (or AWS_ENDPOINT_URL for cosign).
 */
import { parseArgs } from 'node:util';
import { startKmsEmulator } from './kms-emulator';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      region: { type: 'string', default: 'us-east-1' },
      alias: { type: 'string', multiple: true, default: [] },
      state: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port ${values.port} is not a port`);

  const kms = await startKmsEmulator({
    port,
    region: values.region,
    stateFile: values.state,
    onRequest: values.verbose
      ? (e) =>
          console.log(
            `${e.operation} ${e.status}${e.errorType ? ` ${e.errorType}` : ''} ${e.ms.toFixed(1)} ms`,
          )
      : undefined,
  });
  console.log(kms.endpoint);
  for (const alias of values.alias) {
    const aliasName = alias.startsWith('alias/') ? alias : `alias/${alias}`;
    console.log(`${aliasName} -> ${kms.findKeyArn(aliasName) ?? kms.createKey(aliasName).arn}`);
  }

  const stop = () => {
    void kms.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
