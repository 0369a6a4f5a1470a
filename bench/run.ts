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
 * measured in the same run: these machines are shared and noisy. Each benchmark of several runs in a
 * fresh process of its own: one benchmark's heap must not weigh on the next one's times (the lookup's
 * p99, after the signing and pipeline benchmarks in the same process, took GC pauses of ~6 ms).
 */
const benchmarks: Benchmark[] = [
  signingBenchmark,
  signatureWritesBenchmark,
  pipelineBenchmark,
  lookupBenchmark,
  coldStartBenchmark,
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length > 0) throw new Error(`no benchmark named ${unknown.join(', ')}`);
  const chosen = benchmarks.filter((b) => wanted.length === 0 || wanted.includes(b.name));
  if (chosen.length === 1) {
    recordResults(chosen[0]!.name, await chosen[0]!.run());
    process.stdout.write(`\n${chosen[0]!.name}: written to bench/results.json\n`);
  } else {
    for (const bench of chosen) {
      // The same Node, flags (tsx's loader) and script, for one benchmark.
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, bench.name], {
        stdio: 'inherit',
      });
      if (child.status !== 0) throw new Error(`the ${bench.name} benchmark failed (exit ${child.status})`);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
