import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localKeySet } from '../../../bin/local/local-key-set';
import { resolveKeySet, shortFingerprint } from '../../../functions/core/signing/key-set';

const publicPem = (): string =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ format: 'pem', type: 'spki' })
    .toString();

describe('localKeySet', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'image-trust-local-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const active = { keyId: 'local:active', publicKeyPem: () => Promise.resolve(publicPem()) };

  it('is the signing key alone when no folder exists', async () => {
    const { keys } = await resolveKeySet(localKeySet(join(dir, 'signing-keys'), active));

    expect(keys.map((k) => [k.keyId, k.state])).toEqual([['local:active', 'active']]);
  });

  it('adds the public keys under verifying/ and retired/, named by fingerprint, ignoring other files', async () => {
    const verifying = publicPem();
    const retired = publicPem();
    mkdirSync(join(dir, 'verifying'));
    mkdirSync(join(dir, 'retired'));
    writeFileSync(join(dir, 'verifying', 'next.pub'), verifying);
    writeFileSync(join(dir, 'verifying', 'notes.txt'), 'not a key');
    writeFileSync(join(dir, 'retired', '2025.pub'), retired);

    const { keys } = await resolveKeySet(localKeySet(dir, active));

    expect(keys.map((k) => [k.keyId, k.state, k.pem])).toEqual([
      ['local:active', 'active', expect.any(String)],
      [`local:${shortFingerprint(verifying)}`, 'verifying', verifying],
      [`local:${shortFingerprint(retired)}`, 'retired', retired],
    ]);
  });
});
