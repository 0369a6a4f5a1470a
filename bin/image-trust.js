#!/usr/bin/env node
// The `image-trust` command (package.json "bin"): runs the TypeScript entry through tsx, as CommonJS.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS shim: require is the point */
require('tsx/cjs/api').register();
require('./image-trust.ts');
