/** The AWS partitions that have ECR. */
export type AwsPartition =
  'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-eusc' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f';

export const AWS_PARTITIONS: readonly AwsPartition[] = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-eusc',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
];

const ACCOUNT_ID = /^[0-9]{12}$/;
/** `us-east-1`, `cn-north-1`, `us-gov-west-1`, `eusc-de-east-1`, `us-isob-east-1`. */
const REGION = /^[a-z]{2,4}(?:-[a-z]+){1,3}-[1-9][0-9]?$/;

/** Whether `value` is an AWS account ID: exactly 12 digits. */
export function isAccountId(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID.test(value);
}

/** Whether `value` has the form of an AWS region name (lower case, e.g. `us-east-1`). */
export function isRegion(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 32 && REGION.test(value);
}

/** Whether `value` names one of the partitions of AwsPartition. */
export function isAwsPartition(value: unknown): value is AwsPartition {
  return typeof value === 'string' && (AWS_PARTITIONS as readonly string[]).includes(value);
}

/** The partition a region belongs to, read from its name: `cn-north-1` is in `aws-cn`. */
export function partitionOfRegion(region: string): AwsPartition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  if (/^[a-z]+-iso-/.test(region)) return 'aws-iso';
  if (/^[a-z]+-isob-/.test(region)) return 'aws-iso-b';
  if (/^[a-z]+-isoe-/.test(region)) return 'aws-iso-e';
  if (/^[a-z]+-isof-/.test(region)) return 'aws-iso-f';
  return 'aws';
}
