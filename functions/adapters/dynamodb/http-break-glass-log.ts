import type { BreakGlassLog, BreakGlassUse } from '../../core/ports/break-glass-log';
import { NEVER_OVERWRITE, toBreakGlassItem } from './break-glass-items';
import type { HttpDynamoDb } from './http-dynamodb';

/**
 * The lookup's one write without the SDK: a break-glass use, the same item and condition as
 * DynamoDbBreakGlassLog (which also lists them, for the admin API), one PutItem that never overwrites.
 */
export class HttpBreakGlassLog implements Pick<BreakGlassLog, 'record'> {
  constructor(
    private readonly db: HttpDynamoDb,
    private readonly tableName: string,
    private readonly ttlDays = 400,
  ) {}

  async record(use: BreakGlassUse): Promise<void> {
    await this.db.putItem(
      this.tableName,
      toBreakGlassItem(use, this.ttlDays),
      NEVER_OVERWRITE,
      'recording a break-glass use',
    );
  }
}
