import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanSummary } from '../../../functions/core/scan/scan-summary';
import { signImage } from '../../../functions/core/signing/sign-image';
import { ARTIFACT_FORMATS } from '../../../functions/core/signing/signature-formats';
import { pushImage, pushMultiPlatformImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { cosign, skopeoVerifyCopy, writeEmptyTrustedRoot } from '../../harness/verifiers';
import { refString, startSigningFixture, type SigningFixture } from './signing-fixture';

const scan: ScanSummary = {
  source: 'trivy',
  scanner: { uri: 'https://github.com/aquasecurity/trivy', version: '0.58.0' },
  startedAt: '2026-11-26T10:00:00Z',
  completedAt: '2026-11-26T10:01:00Z',
  severityCounts: { LOW: 1 },
  findings: [{ id: 'CVE-2024-0001', severity: 'LOW', score: 3.1, packageName: 'zlib' }],
};

/** What we write, checked by verifiers nobody here wrote: cosign 2.5 and skopeo 1.18. */
describe('signImage, verified by cosign and skopeo', () => {
  let f: SigningFixture;
  let dir: string;
  let pubPath: string;
  let rootPath: string;
  beforeAll(async () => {
    f = await startSigningFixture();
    dir = mkdtempSync(join(tmpdir(), 'image-trust-test-cosign-'));
    pubPath = join(dir, 'cosign.pub');
    writeFileSync(pubPath, f.publicKeyPem);
    rootPath = writeEmptyTrustedRoot(dir);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f.stop();
  });
  const env = () => ({ kmsEndpoint: f.kms.endpoint });

  it('writes a legacy signature that cosign verifies with awskms:// and with cosign.pub', async () => {
    const image = await pushImage(sharedRegistryHost(), 'signing/legacy', { tags: 'v1' });
    await signImage(f.deps, image.reference);
    const ref = refString(image.reference);
    for (const key of [`awskms:///${f.alias}`, pubPath]) {
      const out = await cosign(['verify', '--insecure-ignore-tlog=true', '--key', key, ref], env());
      expect(out.stderr).toContain('The signatures were verified against the specified public key');
      expect(out.code).toBe(0);
    }
  });

  it("writes a cosign 3 signature bundle that cosign's new-bundle-format verification accepts", async () => {
    const image = await pushImage(sharedRegistryHost(), 'signing/bundle');
    await signImage(f.deps, image.reference, { formats: ARTIFACT_FORMATS });
    const out = await cosign(
      [
        'verify-attestation',
        '--new-bundle-format',
        '--type',
        'https://sigstore.dev/cosign/sign/v1',
        '--trusted-root',
        rootPath,
        '--insecure-ignore-tlog=true',
        '--key',
        pubPath,
        refString(image.reference),
      ],
      env(),
    );
    expect(out.stderr).toMatch(/verified/i);
    expect(out.code).toBe(0);
  });

  it('by default writes the .sig and the .att only, and cosign verifies the attestation', async () => {
    const image = await pushImage(sharedRegistryHost(), 'signing/vuln-default');
    const signed = await signImage(f.deps, image.reference, { scan });
    expect(signed.artifacts.map((a) => a.kind)).toEqual(['signature', 'attestation']);
    expect(await f.registry.referrers(image.reference, image.digest)).toEqual([]);
    const ref = refString(image.reference);
    const legacy = await cosign(
      ['verify-attestation', '--type', 'vuln', '--insecure-ignore-tlog=true', '--key', pubPath, ref],
      env(),
    );
    expect(legacy.stderr).toContain('verified');
    expect(legacy.code).toBe(0);
  });

  it('writes a vuln attestation that cosign verifies in both storages', async () => {
    const image = await pushImage(sharedRegistryHost(), 'signing/vuln');
    await signImage(f.deps, image.reference, { scan, formats: ARTIFACT_FORMATS });
    const ref = refString(image.reference);
    const legacy = await cosign(
      ['verify-attestation', '--type', 'vuln', '--insecure-ignore-tlog=true', '--key', pubPath, ref],
      env(),
    );
    expect(legacy.code).toBe(0);
    const statement = JSON.parse(
      Buffer.from(JSON.parse(legacy.stdout.trim().split('\n')[0]!).payload, 'base64').toString(),
    );
    expect(statement.predicateType).toBe('https://cosign.sigstore.dev/attestation/vuln/v1');
    expect(statement.predicate.scanner.result.findings[0].id).toBe('CVE-2024-0001');

    const bundled = await cosign(
      [
        'verify-attestation',
        '--new-bundle-format',
        '--type',
        'vuln',
        '--trusted-root',
        rootPath,
        '--insecure-ignore-tlog=true',
        '--key',
        pubPath,
        ref,
      ],
      env(),
    );
    expect(bundled.code).toBe(0);
  });

  it('signs every platform of a multi-platform image so that skopeo accepts each', async () => {
    const index = await pushMultiPlatformImage(sharedRegistryHost(), 'signing/multi', [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ]);
    const result = await signImage(f.deps, index.reference);
    expect(result.signedDigests).toEqual([index.digest, ...index.platforms.map((p) => p.digest)]);
    for (const platform of index.platforms) {
      const copied = await skopeoVerifyCopy(refString(platform.reference), f.publicKeyPem);
      expect(copied.stderr).toBe('');
      expect(copied.code).toBe(0);
    }
    const indexVerified = await cosign(
      ['verify', '--insecure-ignore-tlog=true', '--key', pubPath, refString(index.reference)],
      env(),
    );
    expect(indexVerified.code).toBe(0);
  });

  it('skopeo rejects an image signed by another key', async () => {
    const other = await startSigningFixture();
    try {
      const image = await pushImage(sharedRegistryHost(), 'signing/other-key');
      await signImage(other.deps, image.reference);
      const copied = await skopeoVerifyCopy(refString(image.reference), f.publicKeyPem);
      expect(copied.code).not.toBe(0);
      expect(copied.stderr).toMatch(/signature|not valid|rejected/i);
    } finally {
      await other.stop();
    }
  });
});
