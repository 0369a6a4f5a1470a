import type { RuntimeConfig } from '../config/runtime-config';
import type { PublicKeyStore } from '../ports/public-key-store';
import type { VerdictStore } from '../verdict/verdict-store';

/**
 * What the lookup use cases need. The store is narrowed to its reads: the lookup path never writes,
 * and its type says so.
 */
export interface LookupDeps {
  readonly store: Pick<VerdictStore, 'get' | 'getMany'>;
  readonly config: RuntimeConfig;
  readonly publicKeys: PublicKeyStore;
  readonly now: () => Date;
  /** How long one lookup may wait for the store before it is a denial (fail closed). */
  readonly timeoutMs: number;
}
