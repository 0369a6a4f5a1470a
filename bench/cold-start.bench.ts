import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { percentile, printTable, round, type Benchmark, type Figures } from './bench-kit';

const ROOT = resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_COLD_RUNS ?? 15);
const FUNCTIONS = [
  'event-intake',
  'signer',
  'reconciler',
  'lookup-api',
  'admission-webhook',
  'admin-api',
] as const;
/** What lib/pipeline/image-trust-function.ts gives esbuild (ESM, minified, node24, nothing external). */
const BANNER =
  "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);";

function bundle(entry: string, outfile: string): void {
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    logLevel: 'error',
  });
}

/** Loads a module in a fresh Node process and reports the milliseconds `import()` took, `runs` times. */
function loadTimes(file: string, env: NodeJS.ProcessEnv): number[] {
  const probe = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  return Array.from({ length: RUNS }, () =>
    Number(
      execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
        env: { ...process.env, ...env },
      }).toString(),
    ),
  ).sort((a, b) => a - b);
}

/**
 * Issues 6 and 14: each function's bundle as `cdk deploy` builds it (esbuild: ESM, minified, node24) and
 * its cold module-load time (median over fresh processes), beside a bundle that loads all four AWS SDK
 * clients the project uses, and one of `@aws-sdk/client-dynamodb` alone (DynamoDBClient and
 * GetItemCommand: the least a lookup on the SDK would load), in the same run. Issue 14's goals: the
 * lookup's bundle at most 300 KiB, its load at most 1.3x the DynamoDB client's alone.
 */
export const coldStartBenchmark: Benchmark = {
  name: 'coldStart',
  async run(): Promise<Figures> {
    const dir = mkdtempSync(join(tmpdir(), 'image-trust-test-bundles-'));
    try {
      const env = {
        TABLE_NAME: 't',
        SEAL_KEY_IDS: '["alias/k"]',
        IMAGE_TRUST_CONFIG: '{}',
        AWS_REGION: 'us-east-1',
        POWERTOOLS_METRICS_DISABLED: 'true',
      };
      const baselineEntry = join(dir, 'all-clients.mjs');
      writeFileSync(
        baselineEntry,
        ['client-kms', 'client-ecr', 'client-dynamodb', 'client-sqs']
          .map(
            (c, i) =>
              `import * as c${i} from ${JSON.stringify(join(ROOT, 'node_modules/@aws-sdk', c))}; globalThis.c${i} = c${i};`,
          )
          .join('\n'),
      );
      const rows: (string | number)[][] = [];
      const figures: Figures = { runs: RUNS };
      const measure = (name: string, entry: string) => {
        const out = join(dir, `${name}.mjs`);
        bundle(entry, out);
        const times = loadTimes(out, env);
        const kb = statSync(out).size / 1024;
        const median = percentile(times, 50);
        figures[`${name}.bundleKiB`] = round(kb, 1);
        figures[`${name}.coldLoadMsMedian`] = round(median, 1);
        return { kb, median };
      };
      const dynamoEntry = join(dir, 'dynamodb-client.mjs');
      writeFileSync(
        dynamoEntry,
        `import { DynamoDBClient, GetItemCommand } from ${JSON.stringify(join(ROOT, 'node_modules/@aws-sdk/client-dynamodb'))}; globalThis.c = [DynamoDBClient, GetItemCommand];`,
      );
      const baseline = measure('allFourSdkClients', baselineEntry);
      const dynamoAlone = measure('dynamoDbClientAlone', dynamoEntry);
      for (const fn of FUNCTIONS) {
        const { kb, median } = measure(fn, join(ROOT, 'functions', fn, 'handler.ts'));
        figures[`${fn}.loadVsAllClients`] = round(median / baseline.median, 2);
        figures[`${fn}.loadVsDynamoClient`] = round(median / dynamoAlone.median, 2);
        if (fn === 'lookup-api') {
          figures['perf.lookup.bundleKiB'] = round(kb, 1);
          figures['perf.lookup.coldLoadVsDynamoClient'] = round(median / dynamoAlone.median, 2);
        }
        rows.push([
          fn,
          round(kb, 1),
          round(median, 1),
          round(median / baseline.median, 2),
          round(median / dynamoAlone.median, 2),
        ]);
      }
      rows.push(['(all four SDK clients)', round(baseline.kb, 1), round(baseline.median, 1), 1, '']);
      rows.push([
        '(@aws-sdk/client-dynamodb alone)',
        round(dynamoAlone.kb, 1),
        round(dynamoAlone.median, 1),
        round(dynamoAlone.median / baseline.median, 2),
        1,
      ]);
      printTable(
        `Lambda bundles (esbuild as cdk deploy runs it) and cold module load, median of ${RUNS} fresh processes`,
        ['function', 'bundle KiB', 'load ms (median)', 'vs all four clients', 'vs DynamoDB client alone'],
        rows,
      );
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
