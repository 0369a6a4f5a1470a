import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../../core/errors';
import type { SigningLease } from '../../core/ports/signing-lease';
import type { VerdictKey } from '../../core/verdict/verdict';
import type { DynamoDbCallListener } from './call-counter';
import { CountedCalls } from './counted-calls';
import { isLostRace, translateDynamoDbError } from './dynamodb-errors';
import { imagePk, LEASE_SK } from './verdict-table';

/**
 * The lease's release as one item of a transaction (TransactWriteItems `Delete`): the same condition as
 * `release` (only while `owner` holds it), so a verdict write can give the lease up with it.
 */
export function leaseRelease(tableName: string, key: VerdictKey, owner: string) {
  return {
    Delete: {
      TableName: tableName,
      Key: { pk: imagePk(key), sk: LEASE_SK },
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': owner },
    },
  };
}

/** How long after expiry DynamoDB's TTL may remove a lease item (clean-up only). */
const LEASE_TTL_MARGIN_S = 3600;

export interface SigningLeasesOptions {
  /** The SDK client; the leases never destroy it. */
  readonly client: DynamoDBClient;
  /** The verdict table (leases are items beside the verdicts). */
  readonly tableName: string;
  /** The clock for lease expiry. */
  readonly now?: () => Date;
  /** Told about every DynamoDB call (see DynamoDbCallCounter). */
  readonly onCall?: DynamoDbCallListener;
}

/**
 * The signing lease of an image: one item (`sk = LEASE`) holding `owner` and `expiresAt` (epoch ms).
 * Taking it is one conditional PutItem (no lease, an expired one, or our own), giving it up one
 * conditional DeleteItem, so of any number of concurrent takers exactly one wins. Expiry is judged by
 * the taker's clock: keep worker clocks in sync (Lambda's are) and leases much longer than the skew.
 */
export class SigningLeases implements SigningLease {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly calls: CountedCalls;
  private readonly now: () => Date;

  constructor(options: SigningLeasesOptions) {
    this.doc = DynamoDBDocumentClient.from(options.client);
    this.tableName = options.tableName;
    this.calls = new CountedCalls(options.onCall);
    this.now = options.now ?? (() => new Date());
  }

  /** See SigningLease.acquire. */
  async acquire(key: VerdictKey, owner: string, ttlMs: number): Promise<boolean> {
    if (!owner) throw new InvalidInputError('a signing lease needs an owner');
    if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
      throw new InvalidInputError(`lease ttlMs must be > 0, got ${ttlMs}`);
    }
    const now = this.now().getTime();
    const expiresAt = now + ttlMs;
    const Item = {
      pk: imagePk(key),
      sk: LEASE_SK,
      itemType: 'LEASE',
      owner,
      expiresAt,
      acquiredAt: new Date(now).toISOString(),
      ttl: Math.ceil(expiresAt / 1000) + LEASE_TTL_MARGIN_S,
    };
    const put = new PutCommand({
      TableName: this.tableName,
      Item,
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR #owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':now': now, ':owner': owner },
    });
    return this.conditionalWrite(
      'PutItem',
      () => this.doc.send(put),
      `taking the signing lease of ${Item.pk}`,
    );
  }

  /** See SigningLease.release. */
  async release(key: VerdictKey, owner: string): Promise<boolean> {
    const del = new DeleteCommand(leaseRelease(this.tableName, key, owner).Delete);
    return this.conditionalWrite(
      'DeleteItem',
      () => this.doc.send(del),
      `releasing the signing lease of ${imagePk(key)}`,
    );
  }

  /** A single-item conditional write: true when written, false when its condition failed. */
  private async conditionalWrite(
    operation: 'PutItem' | 'DeleteItem',
    send: () => Promise<unknown>,
    what: string,
  ): Promise<boolean> {
    try {
      await this.calls.write(operation, 1, send);
      return true;
    } catch (error) {
      if (isLostRace(error)) return false;
      throw translateDynamoDbError(error, what);
    }
  }
}
