#!/usr/bin/env node
// The `image-trust` command (package.json "bin"). Installed from the package, it runs the bundle that
// scripts/build-cli.mjs built (dist/image-trust.cjs, no dependencies). In a checkout, where the
// TypeScript source sits beside this file, it runs that source through tsx instead, so it is never stale.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS shim: require is the point */
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const source = join(__dirname, 'image-trust.ts');
if (existsSync(source)) {
  require('tsx/cjs/api').register();
  require(source);
} else {
  require('../dist/image-trust.cjs');
}
