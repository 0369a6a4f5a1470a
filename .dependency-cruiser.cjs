/**
 * The layering of image-trust, checked by `npm test` (== dependencies) and by
 * test/unit/architecture/dependency-rules.test.ts. Lower layers never import higher ones:
 * functions/core < functions/adapters < functions/runtime < the Lambda folders; lib/stateful < lib/pipeline.
 */

/** A Lambda function's folder: any folder of functions/ that is not a shared layer. */
const LAMBDA_FOLDER = '^functions/(?!(core|adapters|runtime|http)/)[^/]+/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import loop: move the shared type down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-pure',
      severity: 'error',
      comment:
        'functions/core takes its ports as parameters: no adapters, runtime, Lambda folders, CDK, CLI or AWS SDK.',
      from: { path: '^functions/core/' },
      to: {
        path: [
          '^functions/adapters/',
          '^functions/runtime/',
          LAMBDA_FOLDER,
          '^lib/',
          '^bin/',
          '(^|/)node_modules/@aws-sdk/',
          '(^|/)node_modules/aws-cdk-lib/',
        ],
      },
    },
    {
      name: 'verdict-is-the-model',
      severity: 'error',
      comment:
        'The verdict model (functions/core/verdict) is below the use cases that record and read it. The seal (verdict-seal.ts) signs and verifies: it uses the Signer port and the public-key helpers.',
      from: { path: '^functions/core/verdict/', pathNot: '^functions/core/verdict/verdict-seal\\.ts$' },
      to: { path: '^functions/core/(signing|pipeline|lookup|admission|admin|ports)/' },
    },
    {
      name: 'lookup-below-admission',
      severity: 'error',
      comment: 'The admission answers (functions/core/admission) are built on the lookups, not the reverse.',
      from: { path: '^functions/core/lookup/' },
      to: { path: '^functions/core/admission/' },
    },
    {
      name: 'adapters-below-runtime',
      severity: 'error',
      comment:
        'Adapters implement core ports; the runtime and the Lambda folders wire them, not the reverse.',
      from: { path: '^functions/adapters/' },
      to: { path: ['^functions/runtime/', LAMBDA_FOLDER] },
    },
    {
      name: 'functions-not-infrastructure',
      severity: 'error',
      comment: 'Lambda code never imports the CDK app (lib/) or the CLI and local mode (bin/).',
      from: { path: '^functions/' },
      to: { path: ['^lib/', '^bin/'] },
    },
    {
      name: 'stateful-below-pipeline',
      severity: 'error',
      comment: 'The stateful stack (table, key) outlives the pipeline and must not depend on it.',
      from: { path: '^lib/stateful/' },
      to: { path: '^lib/pipeline/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^cdk\\.out/', '^dist/', '^\\.tools/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
  },
};
