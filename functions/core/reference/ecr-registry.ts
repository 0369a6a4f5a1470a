import { InvalidReferenceError } from '../errors';
import { isAccountId, isRegion, partitionOfRegion, type AwsPartition } from './aws-partition';
import { quote } from './quote';

/** A private ECR registry, read from its host name. */
export interface EcrRegistry {
  /** The 12-digit account that owns the registry. */
  readonly accountId: string;
  readonly region: string;
  /** A FIPS endpoint (`dkr.ecr-fips`, `dkr-ecr-fips`). */
  readonly fips: boolean;
  /** A dual-stack (IPv4 and IPv6) endpoint (`dkr-ecr.REGION.on.aws`). */
  readonly dualStack: boolean;
  readonly partition: AwsPartition;
}

/** Which endpoint of a registry to name. */
export interface EcrRegistryHostOptions {
  readonly fips?: boolean;
  readonly dualStack?: boolean;
}

interface PartitionDomains {
  /** Domain of `ACCOUNT.dkr.ecr.REGION.<domain>`. */
  readonly ipv4: string;
  /** Domain of `ACCOUNT.dkr-ecr.REGION.<domain>`, where the partition has dual-stack endpoints. */
  readonly dualStack?: string;
  readonly fips: boolean;
}

/**
 * The registry domains of each partition (AWS General Reference, "Amazon ECR endpoints and quotas"; the
 * same set as amazon-ecr-credential-helper). The China regions have no FIPS endpoints; only the commercial,
 * GovCloud and China partitions have dual-stack ones.
 */
const DOMAINS: Readonly<Record<AwsPartition, PartitionDomains>> = {
  aws: { ipv4: 'amazonaws.com', dualStack: 'on.aws', fips: true },
  'aws-us-gov': { ipv4: 'amazonaws.com', dualStack: 'on.aws', fips: true },
  'aws-cn': { ipv4: 'amazonaws.com.cn', dualStack: 'on.amazonwebservices.com.cn', fips: false },
  'aws-eusc': { ipv4: 'amazonaws.eu', fips: true },
  'aws-iso': { ipv4: 'c2s.ic.gov', fips: true },
  'aws-iso-b': { ipv4: 'sc2s.sgov.gov', fips: true },
  'aws-iso-e': { ipv4: 'cloud.adc-e.uk', fips: true },
  'aws-iso-f': { ipv4: 'csp.hci.ic.gov', fips: true },
};

const ECR_HOST = /^([0-9]{12})\.(dkr\.ecr|dkr-ecr)(-fips)?\.([a-z0-9-]{1,32})\.([a-z0-9.-]{1,40})$/;

/**
 * Reads a private ECR registry host: `ACCOUNT.dkr.ecr.REGION.amazonaws.com`, FIPS
 * `ACCOUNT.dkr.ecr-fips.REGION.amazonaws.com`, dual-stack `ACCOUNT.dkr-ecr[-fips].REGION.on.aws`, China
 * `ACCOUNT.dkr.ecr.REGION.amazonaws.com.cn` (dual-stack `...on.amazonwebservices.com.cn`), and the
 * sovereign and isolated partitions. The region must belong to the domain's partition. Case is ignored.
 *
 * @returns the registry, or undefined for any other host (ECR Public, a host with a port, a look-alike
 * such as `123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example`)
 */
export function parseEcrRegistry(host: string): EcrRegistry | undefined {
  if (typeof host !== 'string' || host.length > 128) {
    return undefined;
  }
  const match = ECR_HOST.exec(host.toLowerCase());
  if (match === null) {
    return undefined;
  }
  const [, accountId = '', service, fipsSuffix, region = '', domain] = match;
  if (!isRegion(region)) {
    return undefined;
  }
  const partition = partitionOfRegion(region);
  const domains = DOMAINS[partition];
  const dualStack = service === 'dkr-ecr';
  const fips = fipsSuffix !== undefined;
  if (domain !== (dualStack ? domains.dualStack : domains.ipv4) || (fips && !domains.fips)) {
    return undefined;
  }
  return { accountId, region, fips, dualStack, partition };
}

/** Whether `host` is a private ECR registry host (see parseEcrRegistry). */
export function isEcrRegistry(host: string): boolean {
  return parseEcrRegistry(host) !== undefined;
}

/**
 * The registry host of an account's private ECR registry in a region: the reverse of parseEcrRegistry.
 *
 * @throws InvalidReferenceError when the account is not 12 digits, the region is not a region name, or
 * the partition has no such endpoint (FIPS in China, dual-stack in the isolated partitions)
 */
export function ecrRegistryHost(
  accountId: string,
  region: string,
  options: EcrRegistryHostOptions = {},
): string {
  if (!isAccountId(accountId)) {
    throw new InvalidReferenceError(`AWS account ID ${quote(String(accountId))} is not 12 digits`);
  }
  if (!isRegion(region)) {
    throw new InvalidReferenceError(
      `AWS region ${quote(String(region))} is not a region name such as 'us-east-1'`,
    );
  }
  const partition = partitionOfRegion(region);
  const domains = DOMAINS[partition];
  const fips = options.fips === true;
  if (fips && !domains.fips) {
    throw new InvalidReferenceError(`ECR has no FIPS endpoints in region ${region} (partition ${partition})`);
  }
  const fipsSuffix = fips ? '-fips' : '';
  if (options.dualStack === true) {
    if (domains.dualStack === undefined) {
      throw new InvalidReferenceError(
        `ECR has no dual-stack endpoints in region ${region} (partition ${partition})`,
      );
    }
    return `${accountId}.dkr-ecr${fipsSuffix}.${region}.${domains.dualStack}`;
  }
  return `${accountId}.dkr.ecr${fipsSuffix}.${region}.${domains.ipv4}`;
}
