/**
 * The EventBridge patterns that feed the pipeline (event shapes: docs.aws.amazon.com/AmazonECR/latest/
 * userguide/ecr-eventbridge.html and docs.aws.amazon.com/inspector/latest/user/eventbridge-integration.html).
 * ECR events are narrowed to the allowlist's repositories where the globs allow it; Inspector's may name
 * the repository by ARN, so they are narrowed to container images only.
 */
import type * as events from 'aws-cdk-lib/aws-events';
import type { RepositoryNameFilter } from './repository-patterns';

/** `repository-name` filters, or nothing when every repository is allowed. */
function repositoryName(filters: readonly RepositoryNameFilter[] | undefined): Record<string, unknown> {
  return filters ? { 'repository-name': [...filters] } : {};
}

/** Pushes and deletes that succeeded (our own signature pushes too: the function skips those). */
export function imageActionPattern(filters?: readonly RepositoryNameFilter[]): events.EventPattern {
  return {
    source: ['aws.ecr'],
    detailType: ['ECR Image Action'],
    detail: { result: ['SUCCESS'], 'action-type': ['PUSH', 'DELETE'], ...repositoryName(filters) },
  };
}

/** Basic scanning finished, or failed (a failed scan is evidence that cannot pass). */
export function imageScanPattern(filters?: readonly RepositoryNameFilter[]): events.EventPattern {
  return {
    source: ['aws.ecr'],
    detailType: ['ECR Image Scan'],
    detail: { 'scan-status': ['COMPLETE', 'FAILED'], ...repositoryName(filters) },
  };
}

/** Enhanced scanning (Amazon Inspector) finished its first scan of a container image. */
export function inspectorScanPattern(): events.EventPattern {
  return {
    source: ['aws.inspector2'],
    detailType: ['Inspector2 Scan'],
    detail: { 'scan-status': ['INITIAL_SCAN_COMPLETE'], 'repository-name': [{ exists: true }] },
  };
}

/** A finding on a container image appeared or changed status (ACTIVE, CLOSED, SUPPRESSED). */
export function inspectorFindingPattern(): events.EventPattern {
  return {
    source: ['aws.inspector2'],
    detailType: ['Inspector2 Finding'],
    detail: { resources: { type: ['AWS_ECR_CONTAINER_IMAGE'] } },
  };
}
