import { generateKeyPairSync } from 'node:crypto';

/** A P-256 public key in PEM, as cosign.pub holds one. */
export const LOCAL_KEY_PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .publicKey.export({ format: 'pem', type: 'spki' })
  .toString();
