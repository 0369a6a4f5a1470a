import { InvalidReferenceError } from '../../../../functions/core/errors';
import { repositoryFromArn } from '../../../../functions/core/reference';

describe('repositoryFromArn', () => {
  it.each([
    ['team/app', { name: 'team/app' }],
    ['app', { name: 'app' }],
    [
      'arn:aws:ecr:us-east-1:123456789012:repository/team/app',
      { name: 'team/app', accountId: '123456789012', region: 'us-east-1', partition: 'aws' },
    ],
    [
      'arn:aws-cn:ecr:cn-north-1:123456789012:repository/app',
      { name: 'app', accountId: '123456789012', region: 'cn-north-1', partition: 'aws-cn' },
    ],
    [
      'arn:aws-us-gov:ecr:us-gov-west-1:123456789012:repository/a/b/c',
      { name: 'a/b/c', accountId: '123456789012', region: 'us-gov-west-1', partition: 'aws-us-gov' },
    ],
  ])('reads %s', (input, expected) => {
    // Act
    const repository = repositoryFromArn(input);

    // Assess
    expect(repository).toStrictEqual(expected);
  });

  it.each([
    ['', 'repository name or ARN is empty'],
    ['Team/App', "repository name 'Team/App' has upper-case letters"],
    ['team//app', 'empty path component'],
    ['team/app ', 'whitespace (U+0020)'],
    ['team/app;id', "contains ';' at character 9"],
    ['../app', "contains '..'"],
    ['a'.repeat(257), 'is 257 characters long; the limit is 256'],
    [
      'arn:aws:s3:::bucket',
      'is not an ECR repository ARN (arn:PARTITION:ecr:REGION:ACCOUNT:repository/NAME)',
    ],
    ['arn:aws:ecr:us-east-1:123456789012:image/app', 'is not an ECR repository ARN'],
    [
      'arn:aws:ecr:us-east-1:123456789012:repository/',
      "repository name '' (in 'arn:aws:ecr:us-east-1:123456789012:repository/') is empty",
    ],
    ['arn:aws:ecr:us-east-1:123456789012:repository/App', "repository name 'App' (in"],
    ['arn:aws:ecr:us-east-1:1234:repository/app', "has '1234' where a 12-digit account ID belongs"],
    ['arn:aws:ecr::123456789012:repository/app', "has '' where a region belongs"],
    ['arn:aws:ecr:cn-north-1:123456789012:repository/app', 'puts region cn-north-1 in partition aws'],
    ['arn:aws-moon:ecr:us-east-1:123456789012:repository/app', "names the unknown partition 'aws-moon'"],
  ])('rejects %j', (input, message) => {
    // Act
    const act = (): unknown => repositoryFromArn(input);

    // Assess
    expect(act).toThrow(InvalidReferenceError);
    expect(act).toThrow(message);
  });
});
