import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isValidSecretKey } from './p256-keys';
import type { KeyStore } from './key-store';

/**
 * Keeps the emulator's keys and aliases in a JSON file, so that a long-running local setup (npm start)
 * signs with the same keys after a restart. Test keys only: the secret keys are stored in clear.
 */
interface StateFile {
  readonly version: 1;
  readonly region: string;
  readonly accountId: string;
  readonly keys: ReadonlyArray<{
    readonly keyId: string;
    readonly secretKeyHex: string;
    readonly creationDate: string;
    readonly description: string;
    readonly enabled: boolean;
  }>;
  readonly aliases: Readonly<Record<string, string>>;
}

/** Loads keys and aliases from a state file into an empty store; does nothing if there is no file. */
export function loadKeyStore(store: KeyStore, path: string): void {
  if (!existsSync(path)) return;
  const state = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
  if (state.version !== 1)
    throw new Error(`${path}: unknown KMS emulator state version ${String(state.version)}`);
  if (state.region !== store.region || state.accountId !== store.accountId) {
    throw new Error(
      `${path} holds keys of ${state.accountId} in ${state.region}, not of ${store.accountId} in ${store.region}`,
    );
  }
  for (const key of state.keys) {
    const secretKey = Uint8Array.from(Buffer.from(key.secretKeyHex, 'hex'));
    if (!isValidSecretKey(secretKey)) throw new Error(`${path}: key ${key.keyId} has no valid P-256 secret`);
    store.addKey({
      keyId: key.keyId,
      secretKey,
      creationDate: new Date(key.creationDate),
      description: key.description,
      enabled: key.enabled,
    });
  }
  for (const [aliasName, keyId] of Object.entries(state.aliases)) store.createAlias(aliasName, keyId);
}

/** Writes the store's keys and aliases to a state file (through a temporary file and a rename). */
export function saveKeyStore(store: KeyStore, path: string): void {
  const state: StateFile = {
    version: 1,
    region: store.region,
    accountId: store.accountId,
    keys: store.allKeys().map((key) => ({
      keyId: key.keyId,
      secretKeyHex: Buffer.from(key.secretKey).toString('hex'),
      creationDate: key.creationDate.toISOString(),
      description: key.description,
      enabled: key.enabled,
    })),
    aliases: Object.fromEntries(store.allAliases()),
  };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
  renameSync(temporary, path);
}
