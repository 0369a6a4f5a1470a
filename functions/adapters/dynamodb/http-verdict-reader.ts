import type { Verdict, VerdictKey } from '../../core/verdict/verdict';
import type { VerdictStore } from '../../core/verdict/verdict-store';
import { batchGetVerdicts } from './batch-get-verdicts';
import type { HttpDynamoDb } from './http-dynamodb';
import { fromVerdictItem, MalformedVerdictItemError, type DroppedSealNotice } from './verdict-items';
import { imagePk, VERDICT_SK } from './verdict-table';

export interface HttpVerdictReaderOptions {
  readonly db: HttpDynamoDb;
  readonly tableName: string;
  /** Told about every verdict item refused as malformed; the read then fails (a denial). */
  readonly onRefusedItem?: (refused: MalformedVerdictItemError) => void;
  /** Told the key of every verdict item read whose malformed seal was dropped (the answer: unsigned). */
  readonly onDroppedSeal?: DroppedSealNotice;
  /** BatchGetItem calls per chunk while DynamoDB leaves keys unprocessed (default 5). */
  readonly maxBatchAttempts?: number;
}

/**
 * The verdict store's two reads, as the lookup functions make them without the SDK: one GetItem for
 * one image, BatchGetItem for more (batchGetVerdicts: chunks of 100, unprocessed keys retried), both
 * strongly consistent, items checked as DynamoDbVerdictStore checks them (fromVerdictItem).
 */
export class HttpVerdictReader implements Pick<VerdictStore, 'get' | 'getMany'> {
  private readonly onRefusedItem: (refused: MalformedVerdictItemError) => void;

  constructor(private readonly options: HttpVerdictReaderOptions) {
    this.onRefusedItem = options.onRefusedItem ?? (() => undefined);
  }

  async get(key: VerdictKey): Promise<Verdict | undefined> {
    const pk = imagePk(key);
    const item = await this.options.db.getItem(
      this.options.tableName,
      { pk, sk: VERDICT_SK },
      true,
      `reading the verdict of ${pk}`,
    );
    return item === undefined
      ? undefined
      : this.told(() => fromVerdictItem(item, this.options.onDroppedSeal));
  }

  async getMany(keys: readonly VerdictKey[]): Promise<readonly (Verdict | undefined)[]> {
    if (keys.length === 0) return [];
    const { db, tableName } = this.options;
    const batchGet = (batch: readonly { pk: string; sk: string }[]) =>
      db.batchGetItem(tableName, batch, true, `reading ${batch.length} verdicts`);
    return batchGetVerdicts(batchGet, keys, {
      maxAttempts: Math.max(1, this.options.maxBatchAttempts ?? 5),
      baseDelayMs: 20,
      ...(this.options.onDroppedSeal === undefined ? {} : { onDroppedSeal: this.options.onDroppedSeal }),
    }).catch((error: unknown) => {
      throw this.tell(error);
    });
  }

  private told<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw this.tell(error);
    }
  }

  private tell(error: unknown): unknown {
    if (error instanceof MalformedVerdictItemError) this.onRefusedItem(error);
    return error;
  }
}
