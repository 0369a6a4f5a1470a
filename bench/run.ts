import { spawnSync } from 'node:child_process';
import { recordResults, type Benchmark } from './bench-kit';
import { coldStartBenchmark } from './cold-start.bench';
import { lookupBenchmark } from './lookup.bench';
import { pipelineBenchmark } from './pipeline.bench';
import { signatureWritesBenchmark } from './signature-writes.bench';
import { signingBenchmark } from './signing.bench';

/**
 * `npm run bench [name...]`: runs the benchmarks (all, or those named), prints each one's table and
 * merges its figures into bench/results.json. Figures are ratios and counts beside an alternative
 * measured in the same run: these machines are shared and noisy. Each benchmark runs in a fresh process
 * of its own (ONE names it): one benchmark's heap must not weigh on the next one's times (the lookup's
 * p99, after the signing and pipeline benchmarks in the same process, took GC pauses of ~6 ms).
 */
const benchmarks: Benchmark[] = [
  signingBenchmark,
  signatureWritesBenchmark,
  pipelineBenchmark,
  lookupBenchmark,
  coldStartBenchmark,
];
const ONE = 'IMAGE_TRUST_BENCHMARK';
/**
 * V8 flags for each benchmark's process (it runs the proxies, the clients and the handlers measured):
 * garbage collection on the main thread only. On 2 cores shared with the services measured, V8's parallel
 * GC helpers wait behind them: in the lookup benchmark a scavenge that landed in a call cost it 3-5 ms,
 * ~1.5 with this flag (2026-11-29). Both sides of every comparison run in that process.
 */
const PROCESS_FLAGS = ['--single-threaded-gc'];

async function main(): Promise<void> {
  const one = benchmarks.find((b) => b.name === process.env[ONE]);
  if (one !== undefined) {
    recordResults(one.name, await one.run());
    process.stdout.write(`\n${one.name}: written to bench/results.json\n`);
    return;
  }
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}`);
  for (const bench of benchmarks.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    // The same Node, tsx's loader and this script.
    const child = spawnSync(process.execPath, [...PROCESS_FLAGS, ...process.execArgv, process.argv[1]!], {
      stdio: 'inherit',
      env: { ...process.env, [ONE]: bench.name },
    });
    if (child.status !== 0) throw new Error(`the ${bench.name} benchmark failed (exit ${child.status})`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
