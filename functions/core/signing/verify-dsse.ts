import type { KeyObject } from 'node:crypto';
import { fromBase64 } from '../cosign/bytes';
import { preAuthEncoding } from '../cosign/dsse';
import { verifiesWith } from './public-key';

/** Whether any signature of a DSSE envelope (JSON form) verifies with `key` over DSSE's PAE. */
export function verifyDsseEnvelope(
  envelope: {
    readonly payload: string;
    readonly payloadType: string;
    readonly signatures: readonly { readonly sig: string }[];
  },
  key: KeyObject,
): boolean {
  const pae = preAuthEncoding(envelope.payloadType, fromBase64(envelope.payload));
  return envelope.signatures.some((s) => verifiesWith(key, pae, fromBase64(s.sig)));
}
