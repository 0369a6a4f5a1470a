import { round, type Figures } from './bench-kit';

/** The processes whose CPU the batched phase is charged (bench/process-cpu.ts), `bench` being this one. */
export function processName(commandLine: string): string | undefined {
  if (commandLine.includes('worker-main')) return 'worker';
  if (commandLine.includes('docker-registry serve')) return 'registry';
  // The JVM and the relay in its network namespace (bin/local/services/dynamodb-local.ts).
  if (commandLine.includes('DynamoDBLocal') || commandLine.includes('dynamodb.sock')) return 'dynamoDbLocal';
  return undefined;
}

/**
 * CPU ms per image of each process while the worker signs, and the cores they kept busy together: what
 * shows whether the machine (2 cores here) or a service caps the rate. `bench` is this process: the
 * latency proxies, the KMS emulator.
 */
export function cpuFigures(cpuMs: ReadonlyMap<string, number>, images: number): Figures {
  const names = ['worker', 'registry', 'dynamoDbLocal', 'bench'];
  const total = names.reduce((sum, name) => sum + (cpuMs.get(name) ?? 0), 0);
  return {
    ...Object.fromEntries(
      names.map((name) => [`imageTrust.cpuMsPerImage.${name}`, round((cpuMs.get(name) ?? 0) / images, 1)]),
    ),
    'imageTrust.cpuMsPerImage.total': round(total / images, 1),
    'imageTrust.coresBusy': round(total / (cpuMs.get('wall') ?? 1), 2),
  };
}
