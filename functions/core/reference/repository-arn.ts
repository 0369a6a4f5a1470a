import { InvalidReferenceError } from '../errors';
import { isAccountId, isAwsPartition, isRegion, partitionOfRegion, type AwsPartition } from './aws-partition';
import { repositoryProblem } from './grammar';
import { quote } from './quote';
import { screenInput } from './screen-input';

/** An ECR repository as named by an event: a plain name, or what its ARN says. */
export interface EcrRepositoryName {
  /** The repository name, e.g. `team/app`. */
  readonly name: string;
  /** Present when the input was an ARN. */
  readonly accountId?: string;
  readonly region?: string;
  readonly partition?: AwsPartition;
}

/** ECR's own limit on a repository name. */
const MAX_REPOSITORY_NAME_LENGTH = 256;
const ARN = /^arn:([a-z-]+):ecr:([^:]*):([^:]*):repository\/(.*)$/;
const ARN_FORM = 'arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME';

/**
 * Reads a repository name where an event may give either the name (`team/app`) or the repository's ARN
 * (`arn:aws:ecr:us-east-1:123456789012:repository/team/app`, as Inspector's scan events sometimes do).
 * The name must be a valid repository path (lower-case components joined by `/`); an ARN's partition
 * must match its region.
 *
 * @throws InvalidReferenceError naming what is wrong
 */
export function repositoryFromArn(arnOrName: string): EcrRepositoryName {
  const text = screenInput(arnOrName, {
    what: 'repository name or ARN',
    maxLength: 512,
    allowed: /^[A-Za-z0-9._\-/:]$/,
  });
  if (!text.startsWith('arn:')) {
    return { name: checkName(text, text) };
  }
  const match = ARN.exec(text);
  if (match === null) {
    throw new InvalidReferenceError(`${quote(text)} is not an ECR repository ARN (${ARN_FORM})`);
  }
  const [, partition = '', region = '', accountId = '', name = ''] = match;
  if (!isAwsPartition(partition)) {
    throw new InvalidReferenceError(`ARN ${quote(text)} names the unknown partition ${quote(partition)}`);
  }
  if (!isRegion(region)) {
    throw new InvalidReferenceError(
      `ARN ${quote(text)} has ${quote(region)} where a region belongs (${ARN_FORM})`,
    );
  }
  if (partitionOfRegion(region) !== partition) {
    throw new InvalidReferenceError(`ARN ${quote(text)} puts region ${region} in partition ${partition}`);
  }
  if (!isAccountId(accountId)) {
    throw new InvalidReferenceError(
      `ARN ${quote(text)} has ${quote(accountId)} where a 12-digit account ID belongs`,
    );
  }
  return { name: checkName(name, text), accountId, region, partition };
}

function checkName(name: string, input: string): string {
  const problem =
    name.length > MAX_REPOSITORY_NAME_LENGTH
      ? `is ${name.length} characters long; the limit is ${MAX_REPOSITORY_NAME_LENGTH}`
      : repositoryProblem(name);
  if (problem !== undefined) {
    const where = name === input ? '' : ` (in ${quote(input)})`;
    throw new InvalidReferenceError(`repository name ${quote(name)}${where} ${problem}`);
  }
  return name;
}
