import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';

/**
 * What an API should invoke: the function itself, or, with `provisioned` > 0, an alias `live` on its
 * current version with that many provisioned execution environments (initialised before any request
 * arrives: no cold start on the admission path while traffic stays within them).
 */
export function invokeTarget(
  scope: Construct,
  id: string,
  fn: lambda.Function,
  provisioned: number,
): lambda.IFunction {
  if (provisioned === 0) return fn;
  return new lambda.Alias(scope, id, {
    aliasName: 'live',
    version: fn.currentVersion,
    provisionedConcurrentExecutions: provisioned,
    description: 'image-trust: the lookup API calls this alias (provisioned concurrency)',
  });
}
