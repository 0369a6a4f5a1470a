import type { z } from 'zod';
import { InvalidInputError } from '../errors';
import { isAccountId } from '../reference/aws-partition';
import { parseDigest, type Sha256Digest } from '../oci/digest';
import { quote } from '../reference/quote';
import { repositoryFromArn } from '../reference/repository-arn';
import {
  ECR_IMAGE_RESOURCE,
  inspectorEventDetailSchema,
  inspectorEventHeaderSchema,
  type InspectorFindingStatus,
} from './inspector-event-schema';
import { inspectorToFinding } from './inspector-finding';
import type { Finding } from './scan-summary';
import { formatIssues, zodMessages } from '../validation/zod-messages';

/** An Inspector finding on one image in ECR: a new ACTIVE one on a verified image means revoke. */
export interface InspectorImageFinding {
  /** The repository name (never its ARN), e.g. `team/app`. */
  readonly repository: string;
  /** The 12-digit account of the registry. */
  readonly registryAccountId: string;
  /** The image's manifest digest (`imageHash`). */
  readonly digest: Sha256Digest;
  readonly finding: Finding;
  readonly status: InspectorFindingStatus;
  /** The image's tags (`imageTags`), when the finding lists any. */
  readonly tags?: readonly string[];
  readonly findingArn?: string;
}

const WHAT = 'Inspector2 Finding detail';

/**
 * Reads the `detail` of an `Inspector2 Finding` event about an ECR image. The repository may be given
 * as its ARN; the digest must be `sha256:` and 64 lower-case hex characters, so AWS documentation
 * samples (60-character digests, `...EXAMPLE` placeholders) are rejected.
 *
 * @throws InvalidInputError when the detail is malformed, is about another resource type (an EC2
 *   instance, a Lambda function) or another finding type, or names no valid repository, account or digest
 */
export function findingFromInspectorEvent(detail: unknown): InspectorImageFinding {
  if (typeof detail === 'object' && detail !== null && 'detail-type' in detail && 'detail' in detail) {
    throw new InvalidInputError(`${WHAT}: given the whole EventBridge event; pass its detail`);
  }
  const header = parse(inspectorEventHeaderSchema, detail);
  if (header.type !== undefined && header.type !== 'PACKAGE_VULNERABILITY') {
    throw new InvalidInputError(`${WHAT}: finding type ${quote(header.type)} is not PACKAGE_VULNERABILITY`);
  }
  if (!header.resources.some((r) => r.type === ECR_IMAGE_RESOURCE)) {
    const types = header.resources.map((r) => quote(r.type)).join(', ');
    throw new InvalidInputError(`${WHAT}: the finding is about ${types}, not an ECR container image`);
  }
  const parsed = parse(inspectorEventDetailSchema, detail);
  const image = parsed.resources.find((r) => r.type === ECR_IMAGE_RESOURCE)?.details?.awsEcrContainerImage;
  if (image === undefined) {
    throw new InvalidInputError(
      `${WHAT}: the ${ECR_IMAGE_RESOURCE} resource has no details.awsEcrContainerImage`,
    );
  }
  const repository = repositoryFromArn(image.repositoryName);
  const registryAccountId = image.registry ?? repository.accountId ?? parsed.awsAccountId;
  if (!isAccountId(registryAccountId)) {
    throw new InvalidInputError(
      `${WHAT}: registry ${quote(String(registryAccountId))} of ${quote(repository.name)} is not a 12-digit account ID`,
    );
  }
  if (repository.accountId !== undefined && repository.accountId !== registryAccountId) {
    throw new InvalidInputError(
      `${WHAT}: registry ${registryAccountId} differs from the account ${repository.accountId} of the repository ARN`,
    );
  }
  return {
    repository: repository.name,
    registryAccountId,
    digest: imageDigest(image.imageHash, repository.name),
    finding: inspectorToFinding(parsed),
    status: parsed.status,
    ...(image.imageTags?.length ? { tags: image.imageTags } : {}),
    ...(parsed.findingArn === undefined ? {} : { findingArn: parsed.findingArn }),
  };
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input, { error: zodMessages });
  if (!result.success) {
    throw new InvalidInputError(formatIssues(WHAT, result.error), { cause: result.error });
  }
  return result.data;
}

function imageDigest(imageHash: string, repository: string): Sha256Digest {
  try {
    return parseDigest(imageHash);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new InvalidInputError(`${WHAT} for ${quote(repository)}: image ${detail}`, { cause });
  }
}
