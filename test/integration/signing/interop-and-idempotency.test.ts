import { createPublicKey } from 'node:crypto';
import { parseManifest } from '../../../functions/core/cosign/oci-manifest';
import { signatureTag } from '../../../functions/core/reference';
import { signImage } from '../../../functions/core/signing/sign-image';
import { ARTIFACT_FORMATS } from '../../../functions/core/signing/signature-formats';
import { verifyImage } from '../../../functions/core/signing/verify-image';
import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost } from '../../harness/services';
import { cosign } from '../../harness/verifiers';
import { refString, startSigningFixture, type SigningFixture } from './signing-fixture';

describe('signing interoperates with cosign and never signs twice', () => {
  let f: SigningFixture;
  beforeAll(async () => {
    f = await startSigningFixture();
  });
  afterAll(() => f.stop());

  const layersOf = async (ref: { registry: string; repository: string; digest: string }) => {
    const stored = await f.registry.getManifest(ref, signatureTag(ref.digest));
    return parseManifest(stored!.bytes).layers ?? [];
  };

  it('our verifier accepts a signature that cosign made with the KMS key', async () => {
    const image = await pushImage(sharedRegistryHost(), 'interop/cosign-made');
    const signed = await cosign(
      ['sign', '--yes', '--tlog-upload=false', '--key', `awskms:///${f.alias}`, refString(image.reference)],
      {
        kmsEndpoint: f.kms.endpoint,
      },
    );
    expect(signed.code).toBe(0);
    const result = await verifyImage(f.registry, createPublicKey(f.publicKeyPem), image.reference, [
      'legacy',
    ]);
    expect(result).toMatchObject({ ok: true, reasons: [] });
  });

  it('signing the same digest again with the same key adds nothing and calls KMS Sign no more', async () => {
    const image = await pushImage(sharedRegistryHost(), 'interop/twice');
    const first = await signImage(f.deps, image.reference, { formats: ARTIFACT_FORMATS });
    expect(first.artifacts.every((a) => a.written)).toBe(true);
    const signsAfterFirst = f.kms.calls.count('Sign');

    const second = await signImage(f.deps, image.reference, { formats: ARTIFACT_FORMATS });
    expect(second.artifacts.map((a) => a.written)).toEqual(first.artifacts.map(() => false));
    expect(f.kms.calls.count('Sign')).toBe(signsAfterFirst);
    expect(await layersOf(image.reference)).toHaveLength(1);
    expect(await f.registry.referrers(image.reference, image.digest)).toHaveLength(1);
  });

  it("appends to signatures already there and keeps cosign's", async () => {
    const image = await pushImage(sharedRegistryHost(), 'interop/append');
    const other = await startSigningFixture();
    try {
      const byCosign = await cosign(
        [
          'sign',
          '--yes',
          '--tlog-upload=false',
          '--key',
          `awskms:///${other.alias}`,
          refString(image.reference),
        ],
        {
          kmsEndpoint: other.kms.endpoint,
        },
      );
      expect(byCosign.code).toBe(0);
      await signImage(f.deps, image.reference);
      expect(await layersOf(image.reference)).toHaveLength(2);
      for (const fixture of [f, other]) {
        const out = await cosign(
          [
            'verify',
            '--insecure-ignore-tlog=true',
            '--key',
            `awskms:///${fixture.alias}`,
            refString(image.reference),
          ],
          {
            kmsEndpoint: fixture.kms.endpoint,
          },
        );
        expect(out.code).toBe(0);
      }
    } finally {
      await other.stop();
    }
  });

  it('explains in words why an unsigned image fails verification', async () => {
    const image = await pushImage(sharedRegistryHost(), 'interop/unsigned');
    const result = await verifyImage(f.registry, createPublicKey(f.publicKeyPem), image.reference, [
      'legacy',
      'bundle',
    ]);
    expect(result.ok).toBe(false);
    expect(result.reasons).toEqual([
      `${image.digest}: no legacy cosign signature (${signatureTag(image.digest)} not found)`,
      `${image.digest}: no Sigstore signature bundle among the referrers`,
    ]);
  });
});
