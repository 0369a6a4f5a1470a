import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shortFingerprint, type KeySetMember } from '../../functions/core/signing/key-set';

/** The key set's other keys in local mode: public keys (`*.pub`, PEM) under these folders. */
export const LOCAL_KEY_SET_FOLDERS = ['verifying', 'retired'] as const;

/**
 * The local mode's key set: the signing key, active, and the public keys an operator put in
 * `DIR/verifying/*.pub` (still trusted) and `DIR/retired/*.pub` (retired), each named
 * `local:<fingerprint>`. Only public halves are read: the local mode signs with one key.
 */
export function localKeySet(
  dir: string,
  active: { readonly keyId: string; publicKeyPem(): Promise<string> },
): KeySetMember[] {
  const members: KeySetMember[] = [
    { keyId: active.keyId, state: 'active', publicKeyPem: () => active.publicKeyPem() },
  ];
  for (const state of LOCAL_KEY_SET_FOLDERS) {
    const folder = join(dir, state);
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)
      .filter((n) => n.endsWith('.pub'))
      .sort()) {
      const pem = readFileSync(join(folder, name), 'utf8');
      members.push({
        keyId: `local:${shortFingerprint(pem)}`,
        state,
        publicKeyPem: () => Promise.resolve(pem),
      });
    }
  }
  return members;
}
