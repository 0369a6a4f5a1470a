import { X509Certificate, createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { verifyBundleWithKey } from '../../../../functions/core/signing/verify-bundle';
import { verifyDsseEnvelope } from '../../../../functions/core/signing/verify-dsse';
import { readConformance, readConformanceJson } from '../../../support/conformance';

const BUNDLES = ['cosign', 'bundles'];
const load = (...path: string[]) => bundleFromJSON(readConformanceJson(...BUNDLES, ...path));

interface Expected {
  file: string;
  signatureVerifies: boolean;
  keySource: 'certificate' | 'publicKey';
}
const results = readConformanceJson<Expected[]>(...BUNDLES, 'verification-results.json');

/** The Sigstore bundles of ../shared/conformance/cosign/bundles, checked as their README says. */
describe('our verifier on the conformance Sigstore bundles', () => {
  const artifact = readConformance(...BUNDLES, 'sigstore-conformance', 'a.txt');

  it('verifies the managed-key (key-signed) bundle with its key.pub', () => {
    const key = createPublicKey(
      readConformance(...BUNDLES, 'sigstore-conformance', 'managed-key-happy-path', 'key.pub'),
    );
    expect(
      verifyBundleWithKey(
        load('sigstore-conformance', 'managed-key-happy-path', 'bundle.sigstore.json'),
        key,
        artifact,
      ),
    ).toEqual([]);
  });

  it('fails the managed-key bundle over another artifact', () => {
    const key = createPublicKey(
      readConformance(...BUNDLES, 'sigstore-conformance', 'managed-key-happy-path', 'key.pub'),
    );
    const reasons = verifyBundleWithKey(
      load('sigstore-conformance', 'managed-key-happy-path', 'bundle.sigstore.json'),
      key,
      Buffer.from('not a.txt'),
    );
    expect(reasons.join(' ')).toMatch(/does not verify/);
  });

  it('refuses the deliberately corrupted key of the wrong-key case', () => {
    expect(() =>
      createPublicKey(
        readConformance(...BUNDLES, 'sigstore-conformance', 'managed-key-wrong-key_fail', 'key.pub'),
      ),
    ).toThrow();
  });

  it('answers certificate-based bundles as unsupported, never as verified', () => {
    const key = createPublicKey(
      readConformance(...BUNDLES, 'sigstore-conformance', 'managed-key-happy-path', 'key.pub'),
    );
    const reasons = verifyBundleWithKey(load('sigstore-rs', 'bundle_v03.json'), key);
    expect(reasons).toEqual([expect.stringMatching(/certificate-based/)]);
  });

  // The DSSE bundles whose signatures were checked with the leaf certificate's key (README's table).
  const dsseCases = results.filter(
    (r) =>
      r.keySource === 'certificate' &&
      'tlogKind' in r &&
      /dsse/.test(String((r as { tlogKind?: string }).tlogKind)),
  );
  it('has DSSE cases to check, valid and invalid', () => {
    expect(dsseCases.some((r) => r.signatureVerifies)).toBe(true);
    expect(dsseCases.some((r) => !r.signatureVerifies)).toBe(true);
  });
  it.each(dsseCases.map((r) => [r.file, r] as const))(
    'DSSE signature of %s decided as recorded',
    (_file, r) => {
      const json = readConformanceJson<{
        dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] };
        verificationMaterial: {
          certificate?: { rawBytes: string };
          x509CertificateChain?: { certificates: { rawBytes: string }[] };
        };
      }>(...BUNDLES, ...r.file.replace(/^bundles\//, '').split('/'));
      const der =
        json.verificationMaterial.certificate?.rawBytes ??
        json.verificationMaterial.x509CertificateChain?.certificates[0]?.rawBytes;
      const key = new X509Certificate(Buffer.from(der!, 'base64')).publicKey;
      expect(verifyDsseEnvelope(json.dsseEnvelope, key)).toBe(r.signatureVerifies);
    },
  );
});
