import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BREAK_GLASS_PK, VERDICT_TABLE } from '../../functions/adapters/dynamodb/verdict-table';
import { TABLE_NAME } from '../../functions/runtime/environment-names';
import type { GranteeFunction } from './grantee-function';

const ATTRIBUTE_TYPES: Record<'S' | 'N' | 'B', dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};
const attributeType = (type: 'S' | 'N' | 'B'): dynamodb.AttributeType => ATTRIBUTE_TYPES[type];

/** What the pipeline functions do with verdicts: read, conditional and transactional writes, the index. */
export const READ_WRITE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
];

/** What the lookup API does: read verdict items by key, nothing else. */
export const LOOKUP_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem'];

/**
 * The verdict table, declared from the schema the DynamoDB adapter exports
 * (functions/adapters/dynamodb/verdict-table.ts): on-demand, point-in-time recovery, deletion
 * protection, TTL on history and leases, encrypted with the AWS managed key, kept when the stack goes.
 */
export class VerdictTable extends Construct {
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: {
        name: VERDICT_TABLE.partitionKey.name,
        type: attributeType(VERDICT_TABLE.partitionKey.type),
      },
      sortKey: { name: VERDICT_TABLE.sortKey.name, type: attributeType(VERDICT_TABLE.sortKey.type) },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: VERDICT_TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [VERDICT_TABLE.statusIndex, VERDICT_TABLE.reviewIndex].map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
        sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.type) },
        projectionType: dynamodb.ProjectionType.ALL,
      })),
    });
  }

  /** The status index's ARN (the reconciler queries it). */
  get statusIndexArn(): string {
    return `${this.table.tableArn}/index/${VERDICT_TABLE.statusIndex.indexName}`;
  }

  /** The review index's ARN (the reconciler queries it for stale and expiring verdicts). */
  get reviewIndexArn(): string {
    return `${this.table.tableArn}/index/${VERDICT_TABLE.reviewIndex.indexName}`;
  }

  /** TABLE_NAME, and read/write of verdict items and queries of the status and review indexes. */
  grantReadWrite(fn: GranteeFunction): void {
    fn.addEnvironment(TABLE_NAME, this.table.tableName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: READ_WRITE_ACTIONS, resources: [this.table.tableArn] }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [this.statusIndexArn, this.reviewIndexArn],
      }),
    );
  }

  /** TABLE_NAME, and GetItem/BatchGetItem on the table: the lookup API's only data access. */
  grantLookup(fn: GranteeFunction): void {
    fn.addEnvironment(TABLE_NAME, this.table.tableName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: LOOKUP_ACTIONS, resources: [this.table.tableArn] }),
    );
  }

  /**
   * PutItem of break-glass uses only: the lookup API's one write, limited by `dynamodb:LeadingKeys` to
   * the BREAK_GLASS partition (it cannot touch a verdict, a lease or the public key), and only the
   * attributes a use has.
   */
  grantBreakGlassRecord(fn: GranteeFunction): void {
    fn.addEnvironment(TABLE_NAME, this.table.tableName);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [this.table.tableArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'dynamodb:LeadingKeys': [BREAK_GLASS_PK],
            'dynamodb:Attributes': BREAK_GLASS_ATTRIBUTES,
          },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      }),
    );
  }
}

/** The attributes of a break-glass item (DynamoDbBreakGlassLog). */
const BREAK_GLASS_ATTRIBUTES = [
  'pk',
  'sk',
  'itemType',
  'user',
  'namespace',
  'kind',
  'name',
  'operation',
  'images',
  'reason',
  'at',
  'uid',
  'ttl',
];
