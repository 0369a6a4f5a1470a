import { createHash, createPublicKey } from 'node:crypto';
import { verifySimpleSigning } from '../../../../functions/core/signing/simple-signing-verifier';
import { listConformance, readConformance, readConformanceJson } from '../../../support/conformance';

interface Case {
  case: string;
  expected: 'valid' | 'invalid';
  publicKeyFile: string;
  manifestFile: string | null;
  testImageReference: string;
  identityPolicy: 'matchRepository' | 'matchExact';
  mimeType: string;
  payloadBase64: string;
  signatureBase64: string;
  annotations: Record<string, string>;
}

const ROOT = ['cosign', 'containers-image'];
const cases = listConformance(...ROOT, 'cases').map((file) =>
  readConformanceJson<Case>(...ROOT, 'cases', file),
);

/** containers/image's own test cases (real cosign signatures), decided by our verifier. */
describe('our verifier on the containers/image cosign cases', () => {
  it('reads every case', () => expect(cases.length).toBeGreaterThanOrEqual(18));

  it.each(cases.map((c) => [c.case, c] as const))('%s', (_name, c) => {
    const manifestDigest = c.manifestFile
      ? `sha256:${createHash('sha256')
          .update(readConformance(...ROOT, c.manifestFile))
          .digest('hex')}`
      : 'sha256:(no manifest)';
    const verdict = verifySimpleSigning(
      {
        mimeType: c.mimeType,
        payload: new Uint8Array(Buffer.from(c.payloadBase64, 'base64')),
        signatureBase64: c.signatureBase64,
        annotations: c.annotations,
      },
      {
        key: createPublicKey(readConformance(...ROOT, c.publicKeyFile)),
        manifestDigest,
        reference: c.testImageReference,
        identity: c.identityPolicy,
      },
    );
    const certificateBased = 'dev.sigstore.cosign/certificate' in c.annotations;
    if (certificateBased) {
      // Keyless signatures are out of scope; they must be answered "unsupported", never "valid".
      expect(verdict).toEqual({
        status: 'unsupported',
        reasons: [expect.stringMatching(/certificate-based/)],
      });
    } else if (c.expected === 'valid') {
      expect(verdict).toEqual({ status: 'valid' });
    } else {
      expect(verdict.status).toBe('invalid');
      expect('reasons' in verdict && verdict.reasons.join(' ')).toMatch(/\w+/);
    }
  });
});
