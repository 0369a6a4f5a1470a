import { InvalidInputError } from '../../../../functions/core/errors';
import { findingFromInspectorEvent } from '../../../../functions/core/scan/finding-from-inspector-event';
import { asRecord, clone, listConformance, readConformance } from './conformance';

const VALID_DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const SAMPLE_2024 = ['events', 'more', 'inspector2-finding.ecr-image.ACTIVE.inspector-userguide-2024.json'];
const SAMPLE_2021 = ['events', 'more', 'inspector2-finding.ecr-image.ACTIVE.ecr-userguide-2021.json'];

function detailOf(...path: string[]): Record<string, unknown> {
  return clone(asRecord(asRecord(readConformance(...path)).detail));
}

/** The ECR image of a detail, to edit. */
function imageOf(detail: Record<string, unknown>): Record<string, unknown> {
  const [resource] = detail.resources as { details: { awsEcrContainerImage: Record<string, unknown> } }[];
  if (resource === undefined) throw new Error('no resource');
  return resource.details.awsEcrContainerImage;
}

/** The 2021 sample with a real-looking digest in place of its `...EXAMPLE` placeholder. */
function sample2021WithDigest(): Record<string, unknown> {
  const detail = detailOf(...SAMPLE_2021);
  imageOf(detail).imageHash = VALID_DIGEST;
  return detail;
}

describe('findingFromInspectorEvent on the published samples', () => {
  it('reads the 2024 Inspector User Guide sample', () => {
    const result = findingFromInspectorEvent(detailOf(...SAMPLE_2024));

    expect(result).toEqual({
      repository: 'inspector2',
      tags: ['ubuntu_latest'],
      registryAccountId: '123456789012',
      digest: 'sha256:84f507df33c6864d49c296fb734192696e4cb6f78166ac51ac8b9b118181085d',
      finding: {
        id: 'CVE-2024-6119',
        severity: 'MEDIUM',
        packageName: 'libssl3t64, openssl',
        packageVersion: '3.0.13-0ubuntu3.2, 3.0.13-0ubuntu3.2',
        fixAvailable: true,
        fixedVersion: '0:3.0.13-0ubuntu3.4',
      },
      status: 'ACTIVE',
      findingArn: 'arn:aws:inspector2:eu-central-1:123456789012:finding/{{FINDING_ID}}',
    });
  });

  it.each(
    listConformance('events/inspector2', (n) => n.startsWith('inspector2-finding'))
      .map((n) => ['inspector2', n])
      .concat([['more', SAMPLE_2021[2] ?? '']]),
  )('rejects the placeholder digest of events/%s/%s with a clear message', (dir, name) => {
    const act = () => findingFromInspectorEvent(detailOf('events', dir, name));

    expect(act).toThrow(InvalidInputError);
    expect(act).toThrow(
      "Inspector2 Finding detail for 'amazon/amazon-ecs-sample': image digest 'sha256:36c7b282abd0186e01419f2e58743e1bf635808231049bbc9d77e5EXAMPLE' is a placeholder from AWS documentation (it contains 'EXAMPLE'), not the digest of a real image",
    );
  });

  it('reads the 2021 sample once its digest is real: Inspector score, version with release', () => {
    const result = findingFromInspectorEvent(sample2021WithDigest());

    expect(result).toMatchObject({
      repository: 'amazon/amazon-ecs-sample',
      registryAccountId: '123456789012',
      digest: VALID_DIGEST,
      status: 'ACTIVE',
      finding: {
        id: 'CVE-2019-17498',
        severity: 'MEDIUM',
        score: 6.5,
        packageName: 'libssh2',
        packageVersion: '1.4.3-12.amzn2.2',
      },
    });
    expect(result.finding).not.toHaveProperty('fixAvailable');
  });

  it('rejects a digest of 60 hex characters, as in the ECR event samples', () => {
    const detail = sample2021WithDigest();
    imageOf(detail).imageHash = `sha256:${'7f5b'.repeat(15)}`;

    expect(() => findingFromInspectorEvent(detail)).toThrow(
      /has 60 hex characters; a sha256 digest has exactly 64 \(shortened, as in AWS documentation samples\?\)/,
    );
  });

  it('rejects the EC2 finding sample: it is not about an ECR image', () => {
    const detail = detailOf(
      'events',
      'more',
      'inspector2-finding.ec2-instance.CLOSED.inspector-userguide-2024.json',
    );

    expect(() => findingFromInspectorEvent(detail)).toThrow(
      "Inspector2 Finding detail: the finding is about 'AWS_EC2_INSTANCE', not an ECR container image",
    );
  });
});

describe('findingFromInspectorEvent on variations', () => {
  it.each(['CLOSED', 'SUPPRESSED'])('reports the status %s', (status) => {
    const detail = sample2021WithDigest();
    detail.status = status;

    expect(findingFromInspectorEvent(detail).status).toBe(status);
  });

  it('takes the name and account from a repository ARN', () => {
    const detail = sample2021WithDigest();
    const image = imageOf(detail);
    image.repositoryName = 'arn:aws:ecr:us-east-2:210987654321:repository/team-a/api';
    delete image.registry;

    expect(findingFromInspectorEvent(detail)).toMatchObject({
      repository: 'team-a/api',
      registryAccountId: '210987654321',
    });
  });

  it('rejects a registry that differs from the account of the repository ARN', () => {
    const detail = sample2021WithDigest();
    imageOf(detail).repositoryName = 'arn:aws:ecr:us-east-2:210987654321:repository/team-a/api';

    expect(() => findingFromInspectorEvent(detail)).toThrow(
      /registry 123456789012 differs from the account 210987654321/,
    );
  });

  it('maps UNTRIAGED to UNDEFINED', () => {
    const detail = sample2021WithDigest();
    detail.severity = 'UNTRIAGED';

    expect(findingFromInspectorEvent(detail).finding.severity).toBe('UNDEFINED');
  });

  it('uses the highest CVSS v3 score when there is no Inspector score', () => {
    const detail = sample2021WithDigest();
    delete detail.inspectorScore;

    expect(findingFromInspectorEvent(detail).finding.score).toBe(8.1);
  });
});

describe('findingFromInspectorEvent on malformed input', () => {
  it('asks for the detail when given the whole event', () => {
    expect(() => findingFromInspectorEvent(readConformance(...SAMPLE_2024))).toThrow(
      /given the whole EventBridge event; pass its detail/,
    );
  });

  it.each([
    [
      'an unknown status',
      (d: Record<string, unknown>) => (d.status = 'OPEN'),
      /status: must be one of 'ACTIVE', 'CLOSED', 'SUPPRESSED', not 'OPEN'/,
    ],
    [
      'another finding type',
      (d: Record<string, unknown>) => (d.type = 'NETWORK_REACHABILITY'),
      /finding type 'NETWORK_REACHABILITY' is not PACKAGE_VULNERABILITY/,
    ],
    [
      'no vulnerability id',
      (d: Record<string, unknown>) => delete asRecord(d.packageVulnerabilityDetails).vulnerabilityId,
      /packageVulnerabilityDetails\.vulnerabilityId: is required/,
    ],
    [
      'no resources',
      (d: Record<string, unknown>) => (d.resources = []),
      /resources: must have at least 1 item/,
    ],
    [
      'an invalid repository name',
      (d: Record<string, unknown>) => (imageOf(d).repositoryName = 'Team/API'),
      /repository name 'Team\/API' has upper-case letters/,
    ],
    [
      'an invalid registry',
      (d: Record<string, unknown>) => (imageOf(d).registry = 'registry'),
      /registry 'registry' of 'amazon\/amazon-ecs-sample' is not a 12-digit account ID/,
    ],
  ])('rejects %s', (_what, change, message) => {
    const detail = sample2021WithDigest();
    change(detail);

    expect(() => findingFromInspectorEvent(detail)).toThrow(InvalidInputError);
    expect(() => findingFromInspectorEvent(detail)).toThrow(message);
  });

  it.each([null, 'text', [], 42])('rejects %p', (detail) => {
    expect(() => findingFromInspectorEvent(detail)).toThrow(/Inspector2 Finding detail is invalid/);
  });
});

describe('findingFromInspectorEvent on packages and scores', () => {
  it('reads whether a fix exists from fixedInVersion when fixAvailable is absent', () => {
    const detail = sample2021WithDigest();
    const details = asRecord(detail.packageVulnerabilityDetails);
    const [pkg] = details.vulnerablePackages as Record<string, unknown>[];
    if (pkg === undefined) throw new Error('no package');

    pkg.fixedInVersion = 'NotAvailable';
    expect(findingFromInspectorEvent(detail).finding).toMatchObject({ fixAvailable: false });
    expect(findingFromInspectorEvent(detail).finding).not.toHaveProperty('fixedVersion');

    pkg.fixedInVersion = '1.4.3-12.amzn2.3';
    expect(findingFromInspectorEvent(detail).finding).toMatchObject({
      fixAvailable: true,
      fixedVersion: '1.4.3-12.amzn2.3',
    });
  });

  it.each([
    ['YES', true],
    ['PARTIAL', true],
    ['NO', false],
  ])('reads fixAvailable %s as %p', (value, expected) => {
    const detail = sample2021WithDigest();
    detail.fixAvailable = value;

    expect(findingFromInspectorEvent(detail).finding.fixAvailable).toBe(expected);
  });

  it('falls back to the CVSS v2 score when there is neither an Inspector score nor a v3 score', () => {
    const detail = sample2021WithDigest();
    delete detail.inspectorScore;
    const details = asRecord(detail.packageVulnerabilityDetails);
    details.cvss = (details.cvss as { version: string }[]).filter((c) => c.version.startsWith('2'));

    expect(findingFromInspectorEvent(detail).finding.score).toBe(5.8);
  });

  it('writes a non-zero epoch before the version', () => {
    const detail = sample2021WithDigest();
    const [pkg] = asRecord(detail.packageVulnerabilityDetails).vulnerablePackages as Record<
      string,
      unknown
    >[];
    if (pkg === undefined) throw new Error('no package');
    pkg.epoch = 1;

    expect(findingFromInspectorEvent(detail).finding.packageVersion).toBe('1:1.4.3-12.amzn2.2');
  });
});
