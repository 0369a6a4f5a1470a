import { randomUUID } from 'node:crypto';
import { KmsError, validationError } from './kms-errors';
import { newSecretKey, publicKeySpki } from './p256-keys';

/** An ECC_NIST_P256 signing key held by the emulator. */
export interface KmsKey {
  /** A UUID, as KMS key ids are. */
  readonly keyId: string;
  /** `arn:aws:kms:REGION:ACCOUNT:key/ID` */
  readonly arn: string;
  readonly secretKey: Uint8Array;
  /** DER SubjectPublicKeyInfo, as GetPublicKey returns it. */
  readonly publicKey: Buffer;
  readonly creationDate: Date;
  readonly description: string;
  readonly enabled: boolean;
}

/** What a key is made from; everything else is derived. */
export interface KeyMaterial {
  readonly keyId: string;
  readonly secretKey: Uint8Array;
  readonly creationDate: Date;
  readonly description: string;
  readonly enabled: boolean;
}

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARN = /^arn:aws:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/;
const ALIAS_NAME = /^[a-zA-Z0-9:/_-]+$/;

/**
 * The keys and aliases of one account in one region, and how KMS finds a key from what a request
 * names: a key id, a key ARN, `alias/NAME` or an alias ARN.
 */
export class KeyStore {
  private readonly keys = new Map<string, KmsKey>();
  /** alias name (`alias/NAME`) to key id */
  private readonly aliases = new Map<string, string>();

  /** Called after every change (the emulator saves its state file there). */
  onChange: () => void = () => undefined;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  /** Creates a new P-256 signing key. */
  createKey(description = ''): KmsKey {
    return this.addKey({
      keyId: randomUUID(),
      secretKey: newSecretKey(),
      creationDate: new Date(),
      description,
      enabled: true,
    });
  }

  /** Adds a key from its material (new, or loaded from a state file). */
  addKey(material: KeyMaterial): KmsKey {
    const key: KmsKey = {
      ...material,
      arn: this.arn('key', material.keyId),
      publicKey: publicKeySpki(material.secretKey),
    };
    this.keys.set(key.keyId, key);
    this.onChange();
    return key;
  }

  /** Points a new alias (`alias/NAME`) at a key named by key id or key ARN, as CreateAlias does. */
  createAlias(aliasName: string, targetKeyId: string): void {
    if (aliasName.length > 256 || !ALIAS_NAME.test(aliasName)) {
      throw validationError(
        `Value '${aliasName}' at 'aliasName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$',
      );
    }
    if (!aliasName.startsWith('alias/') || aliasName === 'alias/') {
      throw new KmsError('ValidationException', 'Alias must start with the prefix "alias/".');
    }
    if (aliasName.startsWith('alias/aws/')) {
      throw new KmsError('NotAuthorizedException', `The alias name prefix alias/aws/ is reserved for AWS.`);
    }
    if (targetKeyId.startsWith('alias/') || ARN.exec(targetKeyId)?.[3] === 'alias') {
      throw new KmsError('ValidationException', 'Aliases must refer to keys. Not aliases');
    }
    const key = this.resolve(targetKeyId, false);
    if (this.aliases.has(aliasName)) {
      throw new KmsError(
        'AlreadyExistsException',
        `An alias with the name ${this.arn('alias', aliasName.slice(6))} already exists`,
      );
    }
    this.aliases.set(aliasName, key.keyId);
    this.onChange();
  }

  /**
   * Finds the key a request names; NotFoundException as KMS words it when there is none. Operations
   * that take only a key id or key ARN (EnableKey, DisableKey) pass `allowAlias: false`.
   */
  resolve(keyRef: string, allowAlias = true): KmsKey {
    const arn = ARN.exec(keyRef);
    if (!allowAlias && (keyRef.startsWith('alias/') || arn?.[3] === 'alias')) {
      throw new KmsError('NotFoundException', `Invalid keyId '${keyRef}'`);
    }
    if (arn) {
      const [, region = '', account = '', kind, name = ''] = arn;
      if (region !== this.region) throw new KmsError('NotFoundException', `Invalid arn ${region}`);
      if (account !== this.accountId) {
        throw new KmsError('NotFoundException', `Key '${keyRef}' does not exist`);
      }
      return kind === 'alias' ? this.byAlias(`alias/${name}`) : this.byId(name);
    }
    if (keyRef.startsWith('arn:')) throw new KmsError('NotFoundException', 'Invalid arn');
    if (keyRef.startsWith('alias/')) return this.byAlias(keyRef);
    if (!KEY_ID.test(keyRef)) throw new KmsError('NotFoundException', `Invalid keyId '${keyRef}'`);
    return this.byId(keyRef);
  }

  /** Enables or disables a key (EnableKey, DisableKey). */
  setEnabled(keyRef: string, enabled: boolean): void {
    const key = this.resolve(keyRef, false);
    this.keys.set(key.keyId, { ...key, enabled });
    this.onChange();
  }

  /** Every key, for the state file. */
  allKeys(): readonly KmsKey[] {
    return [...this.keys.values()];
  }

  /** Every alias name with the id of its key, for the state file and ListAliases-like needs. */
  allAliases(): ReadonlyArray<readonly [aliasName: string, keyId: string]> {
    return [...this.aliases.entries()];
  }

  /** `arn:aws:kms:REGION:ACCOUNT:key/ID` or `...:alias/NAME`. */
  arn(kind: 'key' | 'alias', name: string): string {
    return `arn:aws:kms:${this.region}:${this.accountId}:${kind}/${name}`;
  }

  private byId(keyId: string): KmsKey {
    const key = this.keys.get(keyId);
    if (!key) throw new KmsError('NotFoundException', `Key '${this.arn('key', keyId)}' does not exist`);
    return key;
  }

  private byAlias(aliasName: string): KmsKey {
    const keyId = this.aliases.get(aliasName);
    if (keyId === undefined) {
      throw new KmsError('NotFoundException', `Alias ${this.arn('alias', aliasName.slice(6))} is not found.`);
    }
    return this.byId(keyId);
  }
}
