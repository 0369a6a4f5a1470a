import type { KeyObject } from 'node:crypto';
import type { Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { Verifier, toSignedEntity, toTrustMaterial } from '@sigstore/verify';

/**
 * A trusted root with no transparency logs, CAs or timestamp authorities: key-based verification that
 * never fetches the public Sigstore TUF root (this is a private KMS key's signature).
 */
const EMPTY_TRUSTED_ROOT = TrustedRoot.fromJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
});

/**
 * Verifies a bundle's signature with a public key through sigstore-js (`@sigstore/verify`): no tlog
 * entries, SCTs or timestamps required. Returns why it fails, or an empty list when it verifies.
 * Like cosign's `--insecure-ignore-tlog`, transparency-log entries and timestamps in the bundle are set
 * aside, not checked: no log is trusted here, so they could only fail, never add trust.
 * `artifact` is needed for message-signature bundles (the signed bytes); DSSE bundles carry their payload.
 */
export function verifyBundleWithKey(bundle: Bundle, key: KeyObject, artifact?: Uint8Array): string[] {
  if (bundle.verificationMaterial.content.$case !== 'publicKey') {
    return ['the bundle is certificate-based (keyless); image-trust verifies key-based bundles only'];
  }
  const trust = toTrustMaterial(EMPTY_TRUSTED_ROOT, () => ({ publicKey: key, validFor: () => true }));
  const verifier = new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 });
  try {
    const keyOnly: Bundle = {
      ...bundle,
      verificationMaterial: {
        ...bundle.verificationMaterial,
        tlogEntries: [],
        timestampVerificationData: undefined,
      },
    };
    verifier.verify(toSignedEntity(keyOnly, artifact ? Buffer.from(artifact) : undefined));
    return [];
  } catch (error) {
    return [`bundle signature does not verify with the key: ${(error as Error).message}`];
  }
}
