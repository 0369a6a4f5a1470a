import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonBytes } from '../../../functions/core/cosign/bytes';
import {
  BUNDLE_PREDICATE_ANNOTATION,
  COSIGN_SIGN_PREDICATE,
  DSSE_ENVELOPE,
  EMPTY_JSON,
  SIGNATURE_ANNOTATION,
  SIGSTORE_BUNDLE_V03,
  SIMPLE_SIGNING,
} from '../../../functions/core/cosign/media-types';
import { parseManifest } from '../../../functions/core/cosign/oci-manifest';
import { MediaTypes } from '../../../functions/core/oci/media-types';
import type { Descriptor } from '../../../functions/core/ports/registry';
import type { ScanSummary } from '../../../functions/core/scan/scan-summary';
import { attestationTag, signatureTag } from '../../../functions/core/reference';
import { signImage } from '../../../functions/core/signing/sign-image';
import { ARTIFACT_FORMATS } from '../../../functions/core/signing/signature-formats';
import { verifyImage } from '../../../functions/core/signing/verify-image';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { cosign, writeEmptyTrustedRoot } from '../../harness/verifiers';
import { refString, startSigningFixture, type SigningFixture } from './signing-fixture';

const JUNK_ENTRIES = 3000;

/**
 * Issue 13: what anyone who can push to the repository may write beside an image — a huge referrer, a
 * malformed one, thousands of index entries, junk `.att` and `.sig` layers (as far as the registry takes them) — is
 * skipped within bounds; signing and verifying the real image (ours and cosign's) still succeed.
 */
describe('a poisoned repository never blocks signing or verifying the real image', () => {
  let f: SigningFixture;
  let dir: string;
  beforeAll(async () => {
    f = await startSigningFixture();
    dir = mkdtempSync(join(tmpdir(), 'image-trust-test-poison-'));
    writeFileSync(join(dir, 'cosign.pub'), f.publicKeyPem);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f.stop();
  });

  it('signs, verifies and is verified by cosign, skipping what others wrote with a log line each', async () => {
    const image = await pushImage(sharedRegistryHost(), 'team/poisoned');
    const repo = { registry: image.reference.registry, repository: image.reference.repository };
    const subject = { mediaType: MediaTypes.ociManifest, digest: image.digest, size: image.manifest.length };
    const put = async (manifest: object): Promise<Descriptor> => {
      const bytes = jsonBytes(manifest);
      const digest = await f.registry.putManifest(repo, `poison-${randomBytes(4).toString('hex')}`, {
        mediaType: MediaTypes.ociManifest,
        bytes,
      });
      return { mediaType: MediaTypes.ociManifest, digest, size: bytes.length };
    };
    const config = await f.registry.pushBlob(repo, EMPTY_JSON, MediaTypes.ociEmpty);
    const notJson = await f.registry.pushBlob(
      repo,
      new TextEncoder().encode('{not json'),
      SIGSTORE_BUNDLE_V03,
    );
    const bundleManifest = (layer: Descriptor, annotations: Record<string, string> = {}) => ({
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      artifactType: SIGSTORE_BUNDLE_V03,
      config,
      layers: [layer],
      subject,
      annotations: { [BUNDLE_PREDICATE_ANNOTATION]: COSIGN_SIGN_PREDICATE, ...annotations },
    });
    // A referrer of 300 KB, one whose bundle claims 100 MB, one whose bundle is not JSON.
    const huge = await put(bundleManifest(notJson, { padding: 'x'.repeat(300_000) }));
    const claimsHuge = await put(bundleManifest({ ...notJson, size: 100 * 1024 * 1024 }));
    const malformed = await put(bundleManifest(notJson));
    const asEntry = (d: Descriptor) => ({
      ...d,
      artifactType: SIGSTORE_BUNDLE_V03,
      annotations: { [BUNDLE_PREDICATE_ANNOTATION]: COSIGN_SIGN_PREDICATE },
    });
    // Distribution checks that an index's entries exist: thousands of entries naming the malformed one.
    const junk = Array.from({ length: JUNK_ENTRIES }, (_, n) => ({
      ...asEntry(malformed),
      annotations: { [BUNDLE_PREDICATE_ANNOTATION]: COSIGN_SIGN_PREDICATE, n: String(n) },
    }));
    await f.registry.putManifest(repo, `sha256-${image.digest.slice(7)}`, {
      mediaType: MediaTypes.ociIndex,
      bytes: jsonBytes({
        schemaVersion: 2,
        mediaType: MediaTypes.ociIndex,
        manifests: [...junk, asEntry(huge), asEntry(claimsHuge), asEntry(malformed)],
      }),
    });
    // `.att` with a malformed envelope layer and one that claims 100 MB; `.sig` with a junk signature.
    const attConfig = await f.registry.pushBlob(repo, jsonBytes({}), MediaTypes.ociConfig);
    await f.registry.putManifest(repo, attestationTag(image.digest), {
      mediaType: MediaTypes.ociManifest,
      bytes: jsonBytes({
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: attConfig,
        layers: [
          { ...notJson, mediaType: DSSE_ENVELOPE },
          { ...notJson, mediaType: DSSE_ENVELOPE, size: 100 * 1024 * 1024 },
        ],
      }),
    });
    await f.registry.putManifest(repo, signatureTag(image.digest), {
      mediaType: MediaTypes.ociManifest,
      bytes: jsonBytes({
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: attConfig,
        layers: [{ ...notJson, mediaType: SIMPLE_SIGNING, annotations: { [SIGNATURE_ANNOTATION]: 'Zm9v' } }],
      }),
    });

    const skipped: string[] = [];
    const deps = {
      ...f.deps,
      onSkipped: (what: string, reason: string) => skipped.push(`${what}: ${reason}`),
    };
    const scan: ScanSummary = {
      source: 'trivy',
      scanner: { uri: 'https://github.com/aquasecurity/trivy', version: '0.58.0' },
      completedAt: new Date().toISOString(),
      severityCounts: {},
      findings: [],
    };
    const signed = await signImage(deps, image.reference, { scan, formats: ARTIFACT_FORMATS });
    const verified = await verifyImage(
      f.registry,
      createPublicKey(f.publicKeyPem),
      image.reference,
      ['legacy', 'bundle'],
      { notice: (w, r) => skipped.push(`${w}: ${r}`) },
    );

    expect(signed.artifacts.every((a) => a.written)).toBe(true);
    expect(verified).toMatchObject({ ok: true, reasons: [] });
    expect(skipped.join('\n')).toMatch(new RegExp(`referrer ${huge.digest}.*300\\d+-byte manifest`));
    expect(skipped.join('\n')).toMatch(new RegExp(`referrer ${claimsHuge.digest}.*104857600-byte bundle`));
    expect(skipped.join('\n')).toMatch(new RegExp(`referrer ${malformed.digest}.*JSON`));
    expect(skipped.join('\n')).toMatch(/\.att layer .*unreadable/);
    // The index keeps at most 1000 entries, ours the newest.
    const index = parseManifest(
      (await f.registry.getManifest(repo, `sha256-${image.digest.slice(7)}`))!.bytes,
    );
    expect(index.manifests!.length).toBeLessThanOrEqual(1000);

    const pub = join(dir, 'cosign.pub');
    const legacy = await cosign([
      'verify',
      '--insecure-ignore-tlog=true',
      '--key',
      pub,
      refString(image.reference),
    ]);
    expect(legacy.stderr).toContain('The signatures were verified against the specified public key');
    const bundle = await cosign([
      'verify-attestation',
      '--new-bundle-format',
      '--type',
      COSIGN_SIGN_PREDICATE,
      '--trusted-root',
      writeEmptyTrustedRoot(dir),
      '--insecure-ignore-tlog=true',
      '--key',
      pub,
      refString(image.reference),
    ]);
    expect(bundle.code).toBe(0);
  }, 120_000);
});
