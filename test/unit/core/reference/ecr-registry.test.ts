import fc from 'fast-check';
import { InvalidReferenceError } from '../../../../functions/core/errors';
import {
  ecrRegistryHost,
  isEcrRegistry,
  parseEcrRegistry,
  partitionOfRegion,
  type EcrRegistry,
} from '../../../../functions/core/reference';

const ACCOUNT = '123456789012';

describe('parseEcrRegistry', () => {
  it.each<[string, EcrRegistry]>([
    [
      `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`,
      { accountId: ACCOUNT, region: 'us-east-1', fips: false, dualStack: false, partition: 'aws' },
    ],
    [
      `${ACCOUNT}.dkr.ecr-fips.us-east-2.amazonaws.com`,
      { accountId: ACCOUNT, region: 'us-east-2', fips: true, dualStack: false, partition: 'aws' },
    ],
    [
      `${ACCOUNT}.dkr-ecr.eu-west-1.on.aws`,
      { accountId: ACCOUNT, region: 'eu-west-1', fips: false, dualStack: true, partition: 'aws' },
    ],
    [
      `${ACCOUNT}.dkr-ecr-fips.us-west-2.on.aws`,
      { accountId: ACCOUNT, region: 'us-west-2', fips: true, dualStack: true, partition: 'aws' },
    ],
    [
      `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn`,
      { accountId: ACCOUNT, region: 'cn-north-1', fips: false, dualStack: false, partition: 'aws-cn' },
    ],
    [
      `${ACCOUNT}.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn`,
      { accountId: ACCOUNT, region: 'cn-northwest-1', fips: false, dualStack: true, partition: 'aws-cn' },
    ],
    [
      `${ACCOUNT}.dkr.ecr.us-gov-west-1.amazonaws.com`,
      { accountId: ACCOUNT, region: 'us-gov-west-1', fips: false, dualStack: false, partition: 'aws-us-gov' },
    ],
    [
      `${ACCOUNT}.dkr.ecr-fips.us-gov-east-1.amazonaws.com`,
      { accountId: ACCOUNT, region: 'us-gov-east-1', fips: true, dualStack: false, partition: 'aws-us-gov' },
    ],
    [
      `${ACCOUNT}.dkr.ecr.eusc-de-east-1.amazonaws.eu`,
      { accountId: ACCOUNT, region: 'eusc-de-east-1', fips: false, dualStack: false, partition: 'aws-eusc' },
    ],
    [
      `${ACCOUNT}.dkr.ecr.us-iso-east-1.c2s.ic.gov`,
      { accountId: ACCOUNT, region: 'us-iso-east-1', fips: false, dualStack: false, partition: 'aws-iso' },
    ],
    [
      `${ACCOUNT}.DKR.ECR.AP-SOUTHEAST-2.AMAZONAWS.COM`,
      { accountId: ACCOUNT, region: 'ap-southeast-2', fips: false, dualStack: false, partition: 'aws' },
    ],
  ])('reads %s', (host, expected) => {
    // Act
    const registry = parseEcrRegistry(host);

    // Assess
    expect(registry).toStrictEqual(expected);
  });

  it.each([
    ['ECR Public', 'public.ecr.aws'],
    ['Docker Hub', 'docker.io'],
    ['an 11-digit account', '12345678901.dkr.ecr.us-east-1.amazonaws.com'],
    ['a 13-digit account', '1234567890123.dkr.ecr.us-east-1.amazonaws.com'],
    ['a port', `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com:443`],
    ['a look-alike suffix', `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com.evil.example`],
    ['a look-alike prefix', `evil.${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`],
    ['a China region on the commercial domain', `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com`],
    ['a commercial region on the China domain', `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com.cn`],
    ['FIPS in China', `${ACCOUNT}.dkr.ecr-fips.cn-north-1.amazonaws.com.cn`],
    ['the dual-stack service on the IPv4 domain', `${ACCOUNT}.dkr-ecr.us-east-1.amazonaws.com`],
    ['the IPv4 service on the dual-stack domain', `${ACCOUNT}.dkr.ecr.us-east-1.on.aws`],
    ['the ECR API host', 'api.ecr.us-east-1.amazonaws.com'],
    ['an availability zone for a region', `${ACCOUNT}.dkr.ecr.us-east-1a.amazonaws.com`],
    ['no region', `${ACCOUNT}.dkr.ecr.amazonaws.com`],
    ['an empty string', ''],
  ])('does not read %s as a private ECR registry', (_case, host) => {
    // Act
    const registry = parseEcrRegistry(host);

    // Assess
    expect(registry).toBeUndefined();
    expect(isEcrRegistry(host)).toBe(false);
  });
});

describe('ecrRegistryHost', () => {
  it.each([
    ['us-east-1', {}, `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`],
    ['us-east-1', { fips: true }, `${ACCOUNT}.dkr.ecr-fips.us-east-1.amazonaws.com`],
    ['us-east-1', { dualStack: true }, `${ACCOUNT}.dkr-ecr.us-east-1.on.aws`],
    ['us-east-1', { fips: true, dualStack: true }, `${ACCOUNT}.dkr-ecr-fips.us-east-1.on.aws`],
    ['cn-north-1', {}, `${ACCOUNT}.dkr.ecr.cn-north-1.amazonaws.com.cn`],
    ['cn-north-1', { dualStack: true }, `${ACCOUNT}.dkr-ecr.cn-north-1.on.amazonwebservices.com.cn`],
    ['us-gov-west-1', {}, `${ACCOUNT}.dkr.ecr.us-gov-west-1.amazonaws.com`],
  ])('names the registry of %s with %j', (region, options, expected) => {
    // Act
    const host = ecrRegistryHost(ACCOUNT, region, options);

    // Assess
    expect(host).toBe(expected);
  });

  it.each([
    ['1234', 'us-east-1', {}, "AWS account ID '1234' is not 12 digits"],
    [ACCOUNT, 'US-EAST-1', {}, "AWS region 'US-EAST-1' is not a region name"],
    [ACCOUNT, 'us-east-1.evil', {}, 'is not a region name'],
    [
      ACCOUNT,
      'cn-north-1',
      { fips: true },
      'ECR has no FIPS endpoints in region cn-north-1 (partition aws-cn)',
    ],
    [
      ACCOUNT,
      'us-iso-east-1',
      { dualStack: true },
      'ECR has no dual-stack endpoints in region us-iso-east-1',
    ],
  ])('rejects account %j in region %j with %j', (account, region, options, message) => {
    // Act
    const act = (): unknown => ecrRegistryHost(account, region, options);

    // Assess
    expect(act).toThrow(InvalidReferenceError);
    expect(act).toThrow(message);
  });

  it('is the reverse of parseEcrRegistry', () => {
    const account = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 12, maxLength: 12 });
    const region = fc
      .tuple(
        fc.constantFrom('us', 'eu', 'ap', 'cn', 'us-gov', 'ca', 'me', 'il', 'eusc-de', 'us-iso', 'us-isob'),
        fc.constantFrom('east', 'west', 'north', 'south', 'central', 'northeast', 'southeast'),
        fc.integer({ min: 1, max: 9 }),
      )
      .map(([area, direction, n]) => `${area}-${direction}-${n}`);
    fc.assert(
      fc.property(account, region, fc.boolean(), fc.boolean(), (accountId, reg, fips, dualStack) => {
        let host: string;
        try {
          host = ecrRegistryHost(accountId, reg, { fips, dualStack });
        } catch (error) {
          // Only partitions without such an endpoint are refused.
          expect(error).toBeInstanceOf(InvalidReferenceError);
          expect(['aws-cn', 'aws-eusc', 'aws-iso', 'aws-iso-b']).toContain(partitionOfRegion(reg));
          return;
        }
        expect(parseEcrRegistry(host)).toStrictEqual({
          accountId,
          region: reg,
          fips,
          dualStack,
          partition: partitionOfRegion(reg),
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('partitionOfRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['il-central-1', 'aws'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['eusc-de-east-1', 'aws-eusc'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
  ])('puts %s in %s', (region, partition) => {
    // Act
    const result = partitionOfRegion(region);

    // Assess
    expect(result).toBe(partition);
  });
});
