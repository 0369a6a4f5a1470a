/** Routes an `X-Amz-Target` to its operation handler. */
import { describeImageScanFindings } from './operations/describe-image-scan-findings';
import { describeImages } from './operations/describe-images';
import { describeRepositories } from './operations/describe-repositories';
import { getAuthorizationToken } from './operations/get-authorization-token';
import { startImageScan } from './operations/start-image-scan';
import type { EcrContext, OperationHandler } from './operations/context';
import { ECR_OPERATIONS, TARGET_PREFIX, type EcrOperation, type JsonObject } from './wire';

const HANDLERS: Record<EcrOperation, OperationHandler> = {
  GetAuthorizationToken: getAuthorizationToken,
  DescribeImageScanFindings: describeImageScanFindings,
  StartImageScan: startImageScan,
  DescribeImages: describeImages,
  DescribeRepositories: describeRepositories,
};

/** The operation an `X-Amz-Target` header names, if the emulator answers it. */
export function operationOf(target: string | undefined): EcrOperation | undefined {
  const [prefix, name] = (target ?? '').split('.');
  if (prefix !== TARGET_PREFIX) return undefined;
  return ECR_OPERATIONS.find((op) => op === name);
}

/** Runs one operation; throws EcrApiError for the answers that are errors. */
export function dispatch(operation: EcrOperation, input: unknown, context: EcrContext): JsonObject {
  return HANDLERS[operation](input, context);
}
