import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..', '..', '..');
const CRUISE = join(__dirname, 'cruise.mts');

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  readonly cycle?: readonly string[];
}

/** dependency-cruiser's API with .dependency-cruiser.cjs on `paths` of `root` (see cruise.mts). */
async function cruise(
  root: string,
  ...paths: string[]
): Promise<{ violations: Violation[]; report: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', CRUISE, root, ...paths],
    {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const [json = '[]', ...report] = stdout.split('\n');
  return { violations: JSON.parse(json) as Violation[], report: report.join('\n') };
}

/** A folder shaped like the repository, holding `files` (path → source). */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'image-trust-deps-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  let root: string;

  beforeAll(() => {
    root = fixture({
      'functions/core/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
      'functions/core/b.ts':
        "import { a } from './a';\nexport const b = (): number => (a.length > 0 ? 1 : 0);\n",
      'functions/core/uses-adapter.ts': "export { store } from '../adapters/store';\n",
      'functions/core/uses-sdk.ts': "export { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n",
      'functions/adapters/store.ts': 'export const store = 1;\n',
      'functions/adapters/uses-runtime.ts': "export { wire } from '../runtime/wire';\n",
      'functions/runtime/wire.ts': 'export const wire = 1;\n',
      'lib/pipeline/fn.ts': 'export const fn = 1;\n',
      'lib/stateful/table.ts': "export { fn } from '../pipeline/fn';\n",
    });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports a deliberate import cycle, and each import that runs up a layer', async () => {
    // Act
    const { violations, report } = await cruise(root, 'functions', 'lib');
    // Assess
    expect(violations).toContainEqual(
      expect.objectContaining({
        rule: 'no-circular',
        from: 'functions/core/a.ts',
        to: 'functions/core/b.ts',
      }),
    );
    expect(report).toContain('error no-circular: functions/core/a.ts → functions/core/b.ts');
    const layered = violations.filter((v) => v.rule !== 'no-circular').map((v) => [v.rule, v.from]);
    expect(layered).toEqual(
      expect.arrayContaining([
        ['core-stays-pure', 'functions/core/uses-adapter.ts'],
        ['core-stays-pure', 'functions/core/uses-sdk.ts'],
        ['adapters-below-runtime', 'functions/adapters/uses-runtime.ts'],
        ['stateful-below-pipeline', 'lib/stateful/table.ts'],
      ]),
    );
    expect(layered).toHaveLength(4);
  });

  it('finds no violation in the repository', async () => {
    const { violations, report } = await cruise(ROOT, 'functions', 'lib', 'bin', 'bench', 'test');
    expect(violations).toEqual([]);
    expect(report).toMatch(/no dependency violations found \(\d{3,} modules/);
  });
});
