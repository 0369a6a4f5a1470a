import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient } from '@aws-sdk/client-kms';
import { KmsSigner } from '../../../functions/adapters/kms/kms-signer';
import { OciRegistryClient } from '../../../functions/adapters/registry/oci-registry-client';
import { RequestCounter } from '../../../functions/adapters/registry/request-counter';
import { SIGSTORE_BUNDLE_V03 } from '../../../functions/core/cosign/media-types';
import { referrersFallbackTag } from '../../../functions/core/reference';
import { signImage } from '../../../functions/core/signing/sign-image';
import { ARTIFACT_FORMATS } from '../../../functions/core/signing/signature-formats';
import { pushImage } from '../../harness/image-builder';
import {
  startReferrersRegistryProxy,
  type ReferrersRegistryProxy,
} from '../../harness/referrers-registry-proxy';
import { sharedRegistryUrl } from '../../harness/services';
import { cosign, skopeoVerifyCopy, writeEmptyTrustedRoot } from '../../harness/verifiers';
import { CLEAN_TRIVY_SCAN, refString, startSigningFixture, type SigningFixture } from './signing-fixture';

const scan = CLEAN_TRIVY_SCAN;

/**
 * Signing on a registry with the OCI 1.1 referrers API (Distribution 2.8 behind the referrers proxy, as
 * ECR serves it): referrers are found through the API and listed by `OCI-Subject`, no fallback index is
 * written, and cosign 2.5 and skopeo 1.18 verify what was written, through the proxy.
 */
describe('signing on a registry with the referrers API', () => {
  let f: SigningFixture;
  let proxy: ReferrersRegistryProxy;
  let dir: string;
  let pub: string;
  let root: string;
  let kms: KMSClient;
  beforeAll(async () => {
    f = await startSigningFixture();
    proxy = await startReferrersRegistryProxy(sharedRegistryUrl());
    kms = new KMSClient({ endpoint: f.kms.endpoint, region: f.kms.region });
    dir = mkdtempSync(join(tmpdir(), 'image-trust-test-referrers-'));
    pub = join(dir, 'cosign.pub');
    writeFileSync(pub, f.publicKeyPem);
    root = writeEmptyTrustedRoot(dir);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    kms.destroy();
    await proxy.close();
    await f.stop();
  });

  const fresh = () => {
    const counter = new RequestCounter();
    const registry = new OciRegistryClient({ onRequest: counter.listener });
    return { counter, deps: { registry, signer: new KmsSigner(kms, f.alias) } };
  };

  it('the default writes two manifests (.sig and .att) and nothing among the referrers', async () => {
    const image = await pushImage(proxy.host, 'referrers/default');
    const { counter, deps } = fresh();

    await signImage(deps, image.reference, {
      scan,
      manifest: { digest: image.digest, mediaType: image.mediaType, bytes: image.manifest },
    });

    // GET .sig and .att; per artifact 2 uploads of 2 requests each (payload, config) and 1 PUT.
    expect(counter.snapshot()).toEqual({
      'GET manifest': 2,
      'POST blob': 4,
      'PUT blob': 4,
      'PUT manifest': 2,
    });
    expect(proxy.referrersOf('referrers/default', image.digest)).toEqual([]);
    const ref = refString(image.reference);
    expect((await cosign(['verify', '--insecure-ignore-tlog=true', '--key', pub, ref])).code).toBe(0);
    const attested = await cosign([
      'verify-attestation',
      '--type',
      'vuln',
      '--insecure-ignore-tlog=true',
      '--key',
      pub,
      ref,
    ]);
    expect(attested.code).toBe(0);
    const copied = await skopeoVerifyCopy(ref, f.publicKeyPem);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
  });

  it('bundle referrers go through the API: listed by OCI-Subject, no fallback index, cosign verifies them', async () => {
    const image = await pushImage(proxy.host, 'referrers/bundles');
    const { counter, deps } = fresh();

    const signed = await signImage(deps, image.reference, { scan, formats: ARTIFACT_FORMATS });

    expect(signed.artifacts.every((a) => a.written)).toBe(true);
    const listed = proxy.referrersOf('referrers/bundles', image.digest);
    expect(listed.map((e) => e.artifactType)).toEqual([SIGSTORE_BUNDLE_V03, SIGSTORE_BUNDLE_V03]);
    // Four manifests, one PUT each: no fallback index tagged sha256-HEX was written or read.
    expect(counter.count('PUT', 'manifest')).toBe(4);
    const fallback = `/manifests/${referrersFallbackTag(image.digest)}`;
    expect(proxy.received.some((r) => r.path.endsWith(fallback))).toBe(false);
    const found = await deps.registry.referrers(image.reference, image.digest, SIGSTORE_BUNDLE_V03);
    expect(found.map((d) => d.digest).sort()).toEqual(listed.map((e) => e.digest).sort());

    const ref = refString(image.reference);
    for (const type of ['https://sigstore.dev/cosign/sign/v1', 'vuln']) {
      const out = await cosign([
        'verify-attestation',
        '--new-bundle-format',
        '--type',
        type,
        '--trusted-root',
        root,
        '--insecure-ignore-tlog=true',
        '--key',
        pub,
        ref,
      ]);
      expect(out.code).toBe(0);
    }
  });

  it('signing again finds everything through the API and writes nothing', async () => {
    const image = await pushImage(proxy.host, 'referrers/again');
    const { counter, deps } = fresh();
    await signImage(deps, image.reference, { scan, formats: ARTIFACT_FORMATS });
    counter.reset();
    const signs = f.kms.calls.count('Sign');

    const again = await signImage(deps, image.reference, { scan, formats: ARTIFACT_FORMATS });

    expect(again.artifacts.some((a) => a.written)).toBe(false);
    expect(f.kms.calls.count('Sign')).toBe(signs);
    expect(counter.count('PUT', 'manifest')).toBe(0);
    expect(counter.count('GET', 'referrers')).toBeGreaterThanOrEqual(1);
  });
});
