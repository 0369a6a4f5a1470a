import type { RuntimeConfig } from '../config/runtime-config';
import type { PublicKeyStore } from '../ports/public-key-store';
import type { SealKeySource } from '../ports/seal-keys';
import type { VerdictStore } from '../verdict/verdict-store';
import type { SealRefusal } from './seal-answer';

/**
 * What the lookup use cases need. The store is narrowed to its reads: the lookup path never writes,
 * and its type says so.
 */
export interface LookupDeps {
  readonly store: Pick<VerdictStore, 'get' | 'getMany'>;
  readonly config: RuntimeConfig;
  readonly publicKeys: Pick<PublicKeyStore, 'get' | 'list'>;
  readonly now: () => Date;
  /** How long one lookup may wait for the store before it is a denial (fail closed). */
  readonly timeoutMs: number;
  /**
   * The keys a VERIFIED item's seal must verify with (the deployment's, never the table's). Cache them
   * per container (cachedSealKeys): they are asked for on every lookup that reads.
   */
  readonly sealKeys: SealKeySource;
  /** Told about every VERIFIED item refused for its seal (the runtime counts and logs it). */
  readonly onSealRefused?: (refusal: SealRefusal) => void;
}
