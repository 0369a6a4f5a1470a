import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DeploymentConfigError, parseDeploymentConfig } from '../../lib/config/load-deployment-config';
import {
  maxSigningConcurrency,
  putImageCallsPerSignature,
  signingRecordsInFlight,
} from '../../lib/config/signing-budget';
import { exampleConfig } from './support/synth';

/** The problems synth would report for a configuration, one line each. */
function problems(config: unknown): readonly string[] {
  try {
    parseDeploymentConfig(config);
  } catch (error) {
    if (error instanceof DeploymentConfigError) return error.problems;
    throw error;
  }
  return [];
}

const example = exampleConfig();
const policy = example.policy as Record<string, unknown>;

describe('deployment configuration', () => {
  it("accepts cdk.json's example and splits it into the runtime configuration and the CDK settings", () => {
    const config = parseDeploymentConfig(example);
    expect(Object.keys(config.runtime)).toEqual([
      'allowlist',
      'policy',
      'scanning',
      'sealing',
      'admission',
      'signatureFormats',
    ]);
    expect(config.key).toEqual({ mode: 'create', alias: 'alias/image-trust' });
    expect(config.registries).toEqual([{ accountId: '123456789012', region: 'eu-west-1' }]);
    expect(config.signingConcurrency).toBe(2);
  });

  it('accepts the configuration as JSON text, as `cdk synth -c imageTrust=...` passes it', () => {
    expect(parseDeploymentConfig(JSON.stringify(example)).alarmEmail).toBe('platform-oncall@example.com');
  });

  it.each<[string, unknown, string]>([
    ['no configuration', undefined, 'imageTrust: is required: add it to the "context" of cdk.json'],
    ['text that is not JSON', '{ allowlist', 'imageTrust: is not valid JSON'],
    [
      'a seal lifetime the reconciler cannot renew in time',
      { ...example, sealing: { lifetimeHours: 2 }, reconcileEveryMinutes: 60 },
      'imageTrust.sealing.lifetimeHours: at least 4 hours',
    ],
    [
      'a misspelt field',
      { ...example, alarmEmial: 'x@example.com' },
      "imageTrust: has unknown field 'alarmEmial'; allowed: allowlist, policy, scanning, sealing, admission, signatureFormats, env, key, api, alarmEmail",
    ],
    [
      'an unknown key mode',
      { ...example, key: { mode: 'generate' } },
      "imageTrust.key.mode: must be one of 'create', 'import', not 'generate'",
    ],
    [
      'an imported key named twice',
      {
        ...example,
        key: {
          mode: 'import',
          alias: 'alias/a',
          keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        },
      },
      "imageTrust.key: name the imported key by exactly one of 'keyArn' or 'alias'",
    ],
    [
      'an AWS managed alias',
      { ...example, key: { mode: 'import', alias: 'alias/aws/ebs' } },
      'imageTrust.key.alias: must not be an AWS managed alias',
    ],
    [
      'mTLS without its settings',
      { ...example, api: { auth: 'mtls' } },
      "imageTrust.api.mtls: is required when auth is 'mtls': { domainName, certificateArn, truststoreUri? }",
    ],
    [
      'an unknown API authentication',
      { ...example, api: { auth: 'none' } },
      "imageTrust.api.auth: must be one of 'iam', 'mtls', not 'none'",
    ],
    [
      'a truststore that is not in S3',
      {
        ...example,
        api: {
          auth: 'mtls',
          mtls: {
            truststoreUri: 'https://x/ca.pem',
            domainName: 'a.example.com',
            certificateArn:
              'arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
          },
        },
      },
      "imageTrust.api.mtls.truststoreUri: must be an S3 URI such as 's3://bucket/truststore.pem'",
    ],
    [
      'no alarm e-mail',
      { ...example, alarmEmail: undefined },
      'imageTrust.alarmEmail: is required: it must be an e-mail address',
    ],
    [
      'an alarm e-mail that is not one',
      { ...example, alarmEmail: 'oncall' },
      "imageTrust.alarmEmail: must be an e-mail address such as 'platform-oncall@example.com'",
    ],
    [
      'signing faster than the PutImage quota allows',
      { ...example, signingConcurrency: 5 },
      'imageTrust.signingConcurrency: must be at most 4 with quotas.ecrPutImagePerSecond 10: each signature makes up to 2 PutImage calls',
    ],
    [
      'a signing concurrency below the event source minimum',
      { ...example, signingConcurrency: 1 },
      'imageTrust.signingConcurrency: must be 2 or more (the minimum of an SQS event source)',
    ],
    [
      'an unknown scanning mode',
      { ...example, scanning: { mode: 'deep' } },
      "imageTrust.scanning.mode: must be one of 'basic', 'enhanced', 'trivy-annotation', not 'deep'",
    ],
    [
      'an unknown enforcement mode',
      { ...example, admission: { defaultMode: 'audit' } },
      "imageTrust.admission.defaultMode: must be one of 'enforce', 'warn', not 'audit'",
    ],
    [
      'a negative severity limit',
      { ...example, policy: { ...policy, severityLimits: { CRITICAL: -1 } } },
      'imageTrust.policy.severityLimits.CRITICAL: must be 0 or more',
    ],
    [
      'an exception without expiry',
      { ...example, policy: { ...policy, exceptions: [{ id: 'CVE-2024-3094', reason: 'not loaded' }] } },
      'imageTrust.policy.exceptions[0].expires: is required',
    ],
    [
      'a bad Trivy repository pattern',
      { ...example, policy: { ...policy, trustTrivyReportFor: ['CI/**'] } },
      "imageTrust.policy.trustTrivyReportFor[0]: repository pattern 'CI/**' has upper-case letters",
    ],
    [
      'a registry host (local mode only)',
      { ...example, allowlist: { registries: [{ host: 'localhost:5000' }] } },
      'imageTrust.allowlist.registries[0]: a registry host is for local mode (npm start)',
    ],
    [
      'pinned to a region none of whose registries is allowed',
      { ...example, env: { account: '123456789012', region: 'us-east-1' } },
      "imageTrust.allowlist.registries: must include the registry of the deployment itself, { accountId: '123456789012', region: 'us-east-1' }",
    ],
    [
      'a log retention CloudWatch does not offer',
      { ...example, logRetentionDays: 10 },
      'imageTrust.logRetentionDays: must be one of 365, 400, 545',
    ],
    [
      'a log retention shorter than Control Tower asks (a year)',
      { ...example, logRetentionDays: 30 },
      "imageTrust.logRetentionDays: must be one of 365, 400, 545, 731, 1096, 1827, 3653 (Control Tower's CT.CLOUDWATCH.PR.2",
    ],
    [
      'VPC subnets without route tables when the endpoints are to be created',
      {
        ...example,
        network: {
          vpc: {
            vpcId: 'vpc-0a1b2c3d4e5f60718',
            privateSubnets: [{ subnetId: 'subnet-0a1b2c3d4e5f60001', availabilityZone: 'eu-west-1a' }],
          },
        },
      },
      "imageTrust.network.vpc.privateSubnets[0].routeTableId: is required when endpoints is 'create'",
    ],
    [
      'a reconciler more often than every 5 minutes',
      { ...example, reconcileEveryMinutes: 1 },
      'imageTrust.reconcileEveryMinutes: must be 5 or more',
    ],
  ])('rejects %s, naming the key and what is allowed', (_case, config, message) => {
    expect(problems(config)).toEqual(expect.arrayContaining([expect.stringContaining(message)]));
  });

  it('rejects a runtime configuration too large for the 4 KB Lambda environment, naming its largest part', () => {
    const exceptions = Array.from({ length: 40 }, (_, i) => ({
      id: `CVE-2024-${1000 + i}`,
      reason: 'accepted for the migration window, see the platform risk register entry for the details',
      expires: '2027-01-31T00:00:00Z',
    }));
    const [problem] = problems({ ...example, policy: { ...policy, exceptions } });
    expect(problem).toMatch(
      /^imageTrust: the runtime configuration is \d+ bytes as IMAGE_TRUST_CONFIG, over the 3054 bytes/,
    );
    expect(problem).toContain("Lambda's 4096-byte environment limit (policy ");
  });

  it('allows more signing concurrency once the PutImage quota is raised', () => {
    expect(maxSigningConcurrency(10)).toBe(2);
    expect(maxSigningConcurrency(30)).toBe(6);
    expect(problems({ ...example, signingConcurrency: 6, quotas: { ecrPutImagePerSecond: 30 } })).toEqual([]);
  });

  it('budgets PutImage calls for the configured signature formats, the costliest rule', () => {
    expect(putImageCallsPerSignature({ default: ['signature', 'attestation'], repositories: [] })).toBe(2);
    expect(putImageCallsPerSignature({ default: ['signature'], repositories: [] })).toBe(1);
    const bundles = {
      default: ['signature', 'attestation'],
      repositories: [{ match: ['team-c/**'], formats: ['signature', 'signature-bundle'] }],
    } satisfies Parameters<typeof putImageCallsPerSignature>[0];
    expect(putImageCallsPerSignature(bundles)).toBe(3);
    expect(maxSigningConcurrency(10, 2)).toBe(4);
    expect(signingRecordsInFlight(10, 2, 10, 2)).toBe(2);
    expect(problems({ ...example, signingConcurrency: 4 })).toEqual([]);
    expect(problems({ ...example, signingConcurrency: 4, signatureFormats: bundles })).toEqual([
      'imageTrust.signingConcurrency: must be at most 2 with quotas.ecrPutImagePerSecond 10: each signature makes up to 3 PutImage calls, a worker signs about 1 image per second, and signing may use 80% of the quota; raise the ECR PutImage quota in Service Quotas first, then quotas.ecrPutImagePerSecond',
    ]);
  });

  it('lets each signer worker sign as many images at once as the PutImage budget allows, at most a batch', () => {
    expect(signingRecordsInFlight(10, 2, 10)).toBe(1);
    expect(signingRecordsInFlight(30, 6, 10)).toBe(1);
    expect(signingRecordsInFlight(40, 2, 10)).toBe(4);
    expect(signingRecordsInFlight(100, 2, 10)).toBe(10);
    expect(signingRecordsInFlight(1000, 2, 10)).toBe(10);
  });
});

describe('cdk synth with an invalid configuration', () => {
  it('exits 1 with every problem on stderr, before building anything', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'image-trust-synth-'));
    try {
      const root = path.resolve(__dirname, '..', '..');
      const result = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['bin/app.ts'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          ...process.env,
          CDK_OUTDIR: outdir,
          CDK_CONTEXT_JSON: JSON.stringify({
            imageTrust: { ...example, key: { mode: 'generate' }, scanning: { mode: 'deep' } },
          }),
        },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("invalid image-trust configuration (cdk.json context 'imageTrust')");
      expect(result.stderr).toContain("imageTrust.key.mode: must be one of 'create', 'import'");
      expect(result.stderr).toContain(
        "imageTrust.scanning.mode: must be one of 'basic', 'enhanced', 'trivy-annotation'",
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
