import { recordResults, type Benchmark } from './bench-kit';
import { coldStartBenchmark } from './cold-start.bench';
import { lookupBenchmark } from './lookup.bench';
import { pipelineBenchmark } from './pipeline.bench';
import { signatureWritesBenchmark } from './signature-writes.bench';
import { signingBenchmark } from './signing.bench';

/**
 * `npm run bench [name...]`: runs the benchmarks (all, or those named), prints each one's table and
 * merges its figures into bench/results.json. Figures are ratios and counts beside an alternative
 * measured in the same run: these machines are shared and noisy.
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
  for (const bench of benchmarks.filter((b) => wanted.length === 0 || wanted.includes(b.name))) {
    const figures = await bench.run();
    recordResults(bench.name, figures);
  }
  process.stdout.write('\nwritten to bench/results.json\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
