import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import type { ImageTrustFunction } from '../../lib/pipeline/image-trust-function';
import { propertiesOf, synthesize } from './support/synth';

// The one synth that really bundles: esbuild, locally, no Docker. The bundles (MBs) go away afterwards.
const outdir = mkdtempSync(path.join(tmpdir(), 'image-trust-bundles-'));
const app = synthesize(undefined, { bundle: true, outdir });
afterAll(() => rmSync(outdir, { recursive: true, force: true }));
const { pipeline, lookup } = app.service;

function bundleOf(fn: ImageTrustFunction): string {
  const asset = fn.function.node.findChild('Code') as Asset;
  return readFileSync(path.join(app.app.outdir, asset.assetPath, 'index.mjs'), 'utf8');
}

/** Strings that only each SDK client's protocol code contains. */
const CLIENTS = { kms: 'TrentService', ecr: 'AmazonEC2ContainerRegistry', sqs: 'AmazonSQS' } as const;
/** In every AWS SDK v3 client (its user agent), and in the X-Ray SDK the Powertools tracer loads. */
const SDK_MARKER = 'aws-sdk-js';
const XRAY_SDK_MARKER = 'AWS_XRAY_DAEMON_ADDRESS';
const has = (bundle: string) =>
  Object.fromEntries(Object.entries(CLIENTS).map(([name, marker]) => [name, bundle.includes(marker)]));

describe('function bundles', () => {
  const functions = [...pipeline.functions, { name: 'LookupApi', fn: lookup }];

  it.each(functions.map((f) => [f.name, f.fn] as const))(
    '%s: minified ESM for Node.js 24 on ARM64, with a require shim',
    (_name, fn) => {
      const bundle = bundleOf(fn);
      expect(
        bundle.startsWith("import { createRequire as __imageTrustCreateRequire } from 'node:module';"),
      ).toBe(true);
      // Minified: long lines (what remains of line breaks are mostly preserved license comments).
      expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(1000);
      expect(propertiesOf(app.serviceTemplate, 'AWS::Lambda::Function', fn.function)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON' },
      });
    },
  );

  it('puts the KMS client in the signer only', () => {
    expect(has(bundleOf(pipeline.signer)).kms).toBe(true);
    for (const fn of [pipeline.imageAction, pipeline.finding, pipeline.reconciler]) {
      expect(has(bundleOf(fn)).kms).toBe(false);
    }
  });

  it('keeps the X-Ray SDK out of the signer (traced by Lambda alone) and in the other pipeline functions', () => {
    expect(bundleOf(pipeline.signer).includes(XRAY_SDK_MARKER)).toBe(false);
    for (const fn of [pipeline.imageAction, pipeline.finding, pipeline.reconciler]) {
      expect(bundleOf(fn).includes(XRAY_SDK_MARKER)).toBe(true);
    }
  });

  it('gives the lookup function no AWS SDK client and no X-Ray SDK, in at most 300 KiB (issue 14)', () => {
    const bundle = bundleOf(lookup);
    // The SDK's user agent (`aws-sdk-js`) is in every SDK client; the compact clients over fetch have none.
    const admin = bundleOf(app.service.admin);
    expect([admin.includes(SDK_MARKER), admin.includes(XRAY_SDK_MARKER)]).toEqual([true, true]);
    expect(bundle.includes(SDK_MARKER)).toBe(false);
    expect(bundle.includes(XRAY_SDK_MARKER)).toBe(false);
    expect(Buffer.byteLength(bundle) / 1024).toBeLessThanOrEqual(300);
  });
});
