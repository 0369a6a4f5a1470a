import { parseRuntimeConfig } from '../../../../functions/core/config/parse-runtime-config';
import type { RuntimeConfig, RuntimeConfigInput } from '../../../../functions/core/config/runtime-config';
import type { LookupDeps } from '../../../../functions/core/lookup/lookup-deps';
import type {
  PublicKeyStore,
  PublishedKey,
  PublishedPublicKey,
} from '../../../../functions/core/ports/public-key-store';
import { nextVerdict } from '../../../../functions/core/verdict/state-machine';
import type { Verdict, VerdictKey } from '../../../../functions/core/verdict/verdict';
import type { VerdictEvent } from '../../../../functions/core/verdict/verdict-event';
import type { VerdictStore } from '../../../../functions/core/verdict/verdict-store';
import { sealedForTest, testSealKeys, type SealedVerdict } from '../../../support/test-seals';

/** The ECR registry the test configuration allows. */
export const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
export const NOW = new Date('2025-03-02T00:00:00.000Z');

/** A digest made of one repeated hex character, e.g. `digest('b')`. */
export function digest(hex: string): string {
  return `sha256:${hex.repeat(64 / hex.length)}`;
}

/** A key in the allowed registry. */
export function imageKey(hexDigit: string, repository = 'team/app'): VerdictKey {
  return { registry: REGISTRY, repository, digest: digest(hexDigit) };
}

/** The reference of a key: `registry/repository@sha256:...`. */
export function refOf(key: VerdictKey): string {
  return `${key.registry}/${key.repository}@${key.digest}`;
}

/** The test configuration: one ECR registry, repositories under team/, a warn and an exempt namespace. */
export function testConfig(overrides: Partial<RuntimeConfigInput> = {}): RuntimeConfig {
  return parseRuntimeConfig({
    allowlist: {
      registries: [{ accountId: '123456789012', region: 'us-east-1' }],
      repositories: ['team/**'],
    },
    policy: { version: '2025-01-01' },
    admission: { defaultMode: 'enforce', namespaces: { legacy: 'warn' }, exemptNamespaces: ['kube-system'] },
    ...overrides,
  });
}

/** The verdict store's reads, in memory, with every verdict folded from events by the state machine. */
export class MemoryVerdictStore implements Pick<VerdictStore, 'get' | 'getMany'> {
  readonly batches: (readonly VerdictKey[])[] = [];
  private readonly verdicts = new Map<string, SealedVerdict>();
  /** When set, every read fails with it, or waits `delayMs` first. */
  failure?: Error;
  delayMs = 0;

  record(key: VerdictKey, ...events: VerdictEvent[]): Verdict {
    let verdict = this.verdicts.get(refOf(key));
    events.forEach((event, i) => {
      verdict = nextVerdict(verdict, event, {
        key,
        now: new Date(NOW.getTime() - 1000 + i).toISOString(),
      }).verdict;
    });
    if (verdict === undefined) throw new Error('record needs at least one event');
    const sealed = sealedForTest(verdict);
    this.verdicts.set(refOf(key), sealed);
    return sealed;
  }

  /** Stores `verdict` exactly as given, sealed or not: an item edited directly in the table. */
  put(verdict: SealedVerdict): void {
    this.verdicts.set(refOf(verdict), verdict);
  }

  async get(key: VerdictKey): Promise<Verdict | undefined> {
    const [verdict] = await this.getMany([key]);
    return verdict;
  }

  async getMany(keys: readonly VerdictKey[]): Promise<readonly (Verdict | undefined)[]> {
    this.batches.push(keys);
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs).unref());
    if (this.failure) throw this.failure;
    return keys.map((k) => this.verdicts.get(refOf(k)));
  }
}

/** A public key store holding one key (or none) and one key set (or none). */
export class MemoryPublicKeyStore implements PublicKeyStore {
  constructor(
    private key?: PublishedPublicKey,
    private set?: readonly PublishedKey[],
  ) {}
  put(keyId: string, pem: string): Promise<void> {
    this.key = { keyId, pem };
    return Promise.resolve();
  }
  get(): Promise<PublishedPublicKey | undefined> {
    return Promise.resolve(this.key);
  }
  putSet(keys: readonly PublishedKey[]): Promise<void> {
    this.set = keys;
    return Promise.resolve();
  }
  list(): Promise<readonly PublishedKey[] | undefined> {
    return Promise.resolve(this.set);
  }
}

/** Lookup dependencies around a memory store. */
export function memoryDeps(
  store = new MemoryVerdictStore(),
  config = testConfig(),
): LookupDeps & { store: MemoryVerdictStore } {
  return {
    store,
    config,
    publicKeys: new MemoryPublicKeyStore(),
    now: () => NOW,
    timeoutMs: 200,
    sealKeys: testSealKeys(),
  };
}
