import { createPublicKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonBytes } from '../../../functions/core/cosign/bytes';
import { MediaTypes } from '../../../functions/core/oci/media-types';
import { parseManifest } from '../../../functions/core/cosign/oci-manifest';
import type { DigestReference } from '../../../functions/core/image-reference';
import { signatureTag } from '../../../functions/core/reference';
import { signImage } from '../../../functions/core/signing/sign-image';
import { verifyImage } from '../../../functions/core/signing/verify-image';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { cosign, skopeoVerifyCopy } from '../../harness/verifiers';
import { refString, startSigningFixture, type SigningFixture } from './signing-fixture';

/**
 * Forged signatures, made by editing what signImage wrote in the registry: cosign, skopeo and our
 * verifier must each reject them.
 */
describe('tampered signatures are rejected by cosign, skopeo and our verifier alike', () => {
  let f: SigningFixture;
  let dir: string;
  let pubPath: string;
  beforeAll(async () => {
    f = await startSigningFixture();
    dir = mkdtempSync(join(tmpdir(), 'image-trust-test-tamper-'));
    pubPath = join(dir, 'cosign.pub');
    writeFileSync(pubPath, f.publicKeyPem);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await f.stop();
  });

  async function expectRejectedByAll(ref: DigestReference, ours: RegExp): Promise<void> {
    const byCosign = await cosign([
      'verify',
      '--insecure-ignore-tlog=true',
      '--key',
      pubPath,
      refString(ref),
    ]);
    expect(byCosign.code).not.toBe(0);
    const bySkopeo = await skopeoVerifyCopy(refString(ref), f.publicKeyPem);
    expect(bySkopeo.code).not.toBe(0);
    const result = await verifyImage(f.registry, createPublicKey(f.publicKeyPem), ref, ['legacy']);
    expect(result.ok).toBe(false);
    expect(result.reasons.join('\n')).toMatch(ours);
  }

  async function sigManifest(ref: DigestReference) {
    const stored = await f.registry.getManifest(ref, signatureTag(ref.digest));
    if (!stored) throw new Error('no signature written');
    return parseManifest(stored.bytes);
  }

  it('a control: the untampered signature is accepted by all three', async () => {
    const image = await pushImage(sharedRegistryHost(), 'tamper/control');
    await signImage(f.deps, image.reference);
    expect(
      (await cosign(['verify', '--insecure-ignore-tlog=true', '--key', pubPath, refString(image.reference)]))
        .code,
    ).toBe(0);
    expect((await skopeoVerifyCopy(refString(image.reference), f.publicKeyPem)).code).toBe(0);
    expect((await verifyImage(f.registry, createPublicKey(f.publicKeyPem), image.reference)).ok).toBe(true);
  });

  it('rejects a tampered payload (the signature kept, the payload changed)', async () => {
    const image = await pushImage(sharedRegistryHost(), 'tamper/payload');
    await signImage(f.deps, image.reference);
    const manifest = await sigManifest(image.reference);
    const layer = manifest.layers![0]!;
    const original = new TextDecoder().decode(await f.registry.getBlob(image.reference, layer.digest));
    const forged = new TextEncoder().encode(
      original.replace('"optional":null', '"optional":{"by":"mallory"}'),
    );
    const blob = await f.registry.pushBlob(image.reference, forged, layer.mediaType);
    const bytes = jsonBytes({ ...manifest, layers: [{ ...blob, annotations: layer.annotations }] });
    await f.registry.putManifest(image.reference, signatureTag(image.digest), {
      mediaType: MediaTypes.ociManifest,
      bytes,
    });
    await expectRejectedByAll(image.reference, /does not verify/);
  });

  it('rejects a signature over another digest', async () => {
    const signed = await pushImage(sharedRegistryHost(), 'tamper/digest');
    const victim = await pushImage(sharedRegistryHost(), 'tamper/digest');
    await signImage(f.deps, signed.reference);
    const stored = await f.registry.getManifest(signed.reference, signatureTag(signed.digest));
    await f.registry.putManifest(victim.reference, signatureTag(victim.digest), stored!);
    await expectRejectedByAll(victim.reference, /is over sha256:/);
  });

  it('rejects a signature by another key', async () => {
    const other = await startSigningFixture();
    try {
      const image = await pushImage(sharedRegistryHost(), 'tamper/key');
      await signImage(other.deps, image.reference);
      await expectRejectedByAll(image.reference, /does not verify with the trusted key/);
    } finally {
      await other.stop();
    }
  });

  it("rejects another repository's signature copied next to the same image", async () => {
    const original = await pushImage(sharedRegistryHost(), 'tamper/origin');
    await signImage(f.deps, original.reference);
    // The same manifest, its blobs and its signature, copied into another repository.
    const copy: DigestReference = { ...original.reference, repository: 'tamper/copy' };
    for (const d of [original.config, ...original.layers]) {
      await f.registry.pushBlob(copy, await f.registry.getBlob(original.reference, d.digest), d.mediaType);
    }
    await f.registry.putManifest(copy, copy.digest, {
      mediaType: original.mediaType,
      bytes: original.manifest,
    });
    const sig = await sigManifest(original.reference);
    for (const d of [sig.config!, ...sig.layers!]) {
      await f.registry.pushBlob(copy, await f.registry.getBlob(original.reference, d.digest), d.mediaType);
    }
    const stored = await f.registry.getManifest(original.reference, signatureTag(original.digest));
    await f.registry.putManifest(copy, signatureTag(copy.digest), stored!);

    const bySkopeo = await skopeoVerifyCopy(refString(copy), f.publicKeyPem);
    expect(bySkopeo.code).not.toBe(0);
    const ours = await verifyImage(f.registry, createPublicKey(f.publicKeyPem), copy, ['legacy']);
    expect(ours.reasons.join('\n')).toMatch(/names .*tamper\/origin/);
    // A measured gap, not our choice: cosign 2.5 checks the digest a key-based signature claims but not
    // the repository it names, so it accepts the copy. Admission through image-trust (the verdict is
    // keyed by repository) or containers/image's matchRepository closes it.
    const byCosign = await cosign([
      'verify',
      '--insecure-ignore-tlog=true',
      '--key',
      pubPath,
      refString(copy),
    ]);
    expect(byCosign.code).toBe(0);
  });
});
