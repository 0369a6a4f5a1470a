import { percentile, printTable, round, type Figures } from './bench-kit';
import type { PathTimes } from './lookup-events';

/** `NAME.p50Ms`, `NAME.p99Ms` and the GC pauses of this process inside that path's calls. */
export function pathFigures(name: string, path: PathTimes): Figures {
  return {
    [`${name}.p50Ms`]: round(percentile(path.times, 50), 2),
    [`${name}.p99Ms`]: round(percentile(path.times, 99), 2),
    [`${name}.callsHitByGc`]: path.callsHitByGc,
    [`${name}.gcMs`]: round(path.gcMs, 1),
  };
}

/** `slow`'s percentile `p` over `fast`'s. */
export function ratio(slow: PathTimes, fast: PathTimes, p: number): number {
  return round(percentile(slow.times, p) / percentile(fast.times, p), 2);
}

/** The lookup benchmark's table and its one-line summary. */
export function printLookupTable(
  figures: Figures,
  lookups: number,
  images: number,
  hopMs: number,
  sealCheckMicros: number,
): void {
  const row = (
    label: string,
    name: string,
    reads: number | string,
    requests: number | string,
    s3Gets: number | string = 0,
  ) => [
    label,
    figures[`${name}.p50Ms`]!,
    figures[`${name}.p99Ms`]!,
    reads,
    requests,
    s3Gets,
    `${figures[`${name}.callsHitByGc`]!} (${figures[`${name}.gcMs`]!} ms)`,
  ];
  printTable(
    `"May this digest run?" ${lookups} times, one after another, the paths taking turns (${images} signed images), ${hopMs} ms added to every request on every path (DynamoDB, registry, S3)`,
    [
      'path',
      'p50 ms',
      'p99 ms',
      'DynamoDB reads',
      'registry requests',
      'S3 GETs',
      'calls hit by GC (pauses)',
    ],
    [
      row(
        'image-trust lookup (GET /v1/verdicts, seal checked)',
        'lookup',
        figures['lookup.dynamoReadsPerAnswer']!,
        0,
      ),
      row(
        'verify at admission (image manifest, .sig, blob via S3)',
        'verifyAtAdmission',
        0,
        figures['verifyAtAdmission.registryRequestsPerAnswer']!,
        figures['verifyAtAdmission.s3RequestsPerAnswer']!,
      ),
      row('  one GetItem alone (no handler)', 'getItem', 1, 0),
      row('  one registry GET alone (image manifest)', 'registryGet', 0, 1),
    ],
  );
  process.stdout.write(
    `verify-at-admission takes ${figures['ratio.p50VerifyOverLookup']}x the lookup's time at p50, ${figures['perf.lookup.p99RatioVerifyOverLookup']}x at p99; the seal check costs ${sealCheckMicros} µs per answer\n`,
  );
}
