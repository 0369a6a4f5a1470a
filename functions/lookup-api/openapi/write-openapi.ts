/**
 * Writes docs/openapi.json from the routes and their zod schemas, formatted as prettier formats it:
 * `npx tsx functions/lookup-api/openapi/write-openapi.ts`. A test fails when the committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format } from 'prettier';
import { buildOpenApi } from './build-openapi';

export const OPENAPI_PATH = resolve(__dirname, '../../../docs/openapi.json');

async function main(): Promise<void> {
  const text = await format(JSON.stringify(buildOpenApi()), { parser: 'json', printWidth: 110 });
  writeFileSync(OPENAPI_PATH, text);
  process.stdout.write(`wrote ${OPENAPI_PATH}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
