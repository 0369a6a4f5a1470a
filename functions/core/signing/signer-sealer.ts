import type { Signer } from '../ports/signer';
import type { VerdictSealer } from '../verdict/verdict-sealer';
import { sealVerdict } from '../verdict/verdict-seal';

/**
 * The VerdictSealer over the image-signing key: the same key that signs images seals verdicts (domain
 * separation by the seal's `_type`, which no cosign verifier takes for a simple-signing payload).
 */
export function signerSealer(signer: Signer): VerdictSealer {
  return { seal: (fields, now) => sealVerdict(signer, fields, now) };
}
