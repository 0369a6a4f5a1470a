/**
 * Runs dependency-cruiser's API with the repository's rules (.dependency-cruiser.cjs) on some folders
 * and prints the violations as JSON, then the text report. dependency-cruiser ships ESM only, which
 * Jest's CommonJS transform cannot load, so dependency-rules.test.ts runs this in its own process:
 *
 *   node --import tsx test/unit/architecture/cruise.mts <folder whose paths the rules name> <path>...
 */
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** One broken rule, as the test reads it. */
export interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  readonly cycle?: readonly string[];
}

async function main(root: string, paths: readonly string[]): Promise<void> {
  const config = resolve(import.meta.dirname, '..', '..', '..', '.dependency-cruiser.cjs');
  const options = await extractDepcruiseOptions(config);
  process.chdir(root);
  // A fixture folder has no tsconfig.json: cruise it without one.
  const hasTsConfig = existsSync('tsconfig.json');
  const { tsConfig: named, ...rest } = options;
  const cruiseOptions = { ...rest, ...(hasTsConfig ? { tsConfig: named } : {}), validate: true };
  const tsConfig = hasTsConfig ? extractTSConfig('tsconfig.json') : undefined;
  const result = await cruise([...paths], cruiseOptions, {}, { tsConfig });
  if (typeof result.output === 'string') throw new Error('expected a cruise result, got a report');
  const violations: Violation[] = result.output.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    ...(v.cycle ? { cycle: v.cycle.map((step) => step.name) } : {}),
  }));
  const report = await format(result.output, { outputType: 'err' });
  process.stdout.write(`${JSON.stringify(violations)}\n${String(report.output)}`);
}

const [root, ...paths] = process.argv.slice(2);
if (root === undefined || paths.length === 0) throw new Error('usage: cruise.mts <root> <path>...');
main(root, paths).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(2);
});
