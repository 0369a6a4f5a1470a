// Builds the `image-trust` CLI for the npm package (npm pack runs it as "prepack"): bin/image-trust.ts
// and everything it imports, node_modules included, into one CommonJS file, dist/image-trust.cjs, so
// that the package installs with no dependencies at all. The licences of the bundled packages go
// beside it, in dist/THIRD-PARTY-LICENSES.txt.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);

const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: ['bin/image-trust.ts'],
  outfile: 'dist/image-trust.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  // Smaller without losing readable stack traces: names are kept, whitespace and syntax minified.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
});

/** The package directory (under node_modules) of each bundled file, deepest node_modules wins. */
const packages = new Set();
for (const input of Object.keys(metafile.inputs)) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (match) packages.add(match[1]);
}

/** Bundled packages grouped by licence text, each text written once. */
const byText = new Map();
for (const dir of [...packages].sort()) {
  const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const file = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)(\..*)?$/i.test(f));
  const text = file
    ? readFileSync(join(root, dir, file), 'utf8').trim()
    : `(the package ships no licence file; its package.json declares ${manifest.license})`;
  byText.set(text, [
    ...(byText.get(text) ?? []),
    `${manifest.name}@${manifest.version} (${manifest.license})`,
  ]);
}
const sections = [...byText].map(([text, names]) => `${names.join('\n')}\n\n${text}\n`);
writeFileSync(
  join(dist, 'THIRD-PARTY-LICENSES.txt'),
  `dist/image-trust.cjs bundles these ${packages.size} packages, under these licences:\n\n${sections.join(`\n${'-'.repeat(78)}\n\n`)}`,
);

const size = readFileSync(join(dist, 'image-trust.cjs')).length;
console.log(
  `build-cli: dist/image-trust.cjs ${Math.round(size / 1024)} KiB, ${packages.size} bundled packages`,
);
