import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/**
 * A function the stateful constructs grant access to: they add a statement to its role and the
 * environment variable naming the resource. The pipeline's ImageTrustFunction is one; the stateful
 * stack does not depend on the pipeline.
 */
export interface GranteeFunction extends IConstruct {
  addToRolePolicy(statement: iam.PolicyStatement): void;
  addEnvironment(name: string, value: string): void;
}
