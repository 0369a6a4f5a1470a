import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Signer } from '../../core/ports/signer';
import { publicKeyFingerprint } from '../../core/signing/public-key';

/** A P-256 key held in a local PEM file: the signer of the local mode (`npm start`). */
export class LocalKeySigner implements Signer {
  readonly keyId: string;
  private readonly publicPem: string;

  constructor(private readonly privateKey: KeyObject) {
    if (
      privateKey.asymmetricKeyType !== 'ec' ||
      privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
      throw new TypeError('the local signing key must be an EC P-256 private key');
    }
    this.publicPem = createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString();
    this.keyId = `local:${publicKeyFingerprint(this.publicPem).slice(0, 16)}`;
  }

  static fromPem(pem: string): LocalKeySigner {
    return new LocalKeySigner(createPrivateKey(pem));
  }

  static generate(): LocalKeySigner {
    return new LocalKeySigner(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  }

  /** Loads the key at `path`, creating it (mode 0600) on first use. */
  static loadOrCreate(path: string): LocalKeySigner {
    if (existsSync(path)) return LocalKeySigner.fromPem(readFileSync(path, 'utf8'));
    const signer = LocalKeySigner.generate();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, signer.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    return signer;
  }

  async sign(data: Uint8Array): Promise<Uint8Array> {
    return new Uint8Array(sign('sha256', data, this.privateKey));
  }

  async publicKeyPem(): Promise<string> {
    return this.publicPem;
  }
}
