import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { EcrRegistry } from '../config/deployment-config-schema';
import { wildcardFindingId } from '../nag/wildcard-finding';
import type { ImageTrustFunction } from './image-trust-function';
import { repositoryArns } from './repository-patterns';

/** The ECR actions image-trust uses, by purpose. */
export const ECR_ACTIONS = {
  describeImages: ['ecr:DescribeImages'],
  /** The reconciler's discovery of pushes whose event was lost lists the repositories first. */
  describeRepositories: ['ecr:DescribeRepositories'],
  readScanFindings: ['ecr:DescribeImageScanFindings'],
  startScan: ['ecr:StartImageScan'],
  /** The registry API: read manifests and blobs (the image, its annotations, our signatures). */
  pull: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
  /** The registry API: upload signature blobs and put signature manifests. Only the signer. */
  pushSignatures: [
    'ecr:BatchCheckLayerAvailability',
    'ecr:InitiateLayerUpload',
    'ecr:UploadLayerPart',
    'ecr:CompleteLayerUpload',
    'ecr:PutImage',
  ],
} as const;
export type EcrAccess = keyof typeof ECR_ACTIONS;

/**
 * ECR permissions on the allowed repositories only: every allowed registry times every repository glob
 * of the allowlist (as IAM patterns, see repository-patterns.ts). Functions that talk to the registry
 * API also get ecr:GetAuthorizationToken, which AWS defines on `*` only.
 */
export class RepositoryAccess {
  readonly arns: readonly string[];

  constructor(
    registries: readonly EcrRegistry[],
    private readonly globs: readonly string[],
  ) {
    this.arns = repositoryArns(registries, globs);
  }

  grant(fn: ImageTrustFunction, ...access: EcrAccess[]): void {
    const actions = [...new Set(access.flatMap((a) => ECR_ACTIONS[a]))];
    fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [...this.arns] }));
    for (const arn of this.arns.filter((a) => a.includes('*'))) {
      Validations.of(fn).acknowledge({
        id: wildcardFindingId(fn, arn),
        reason: `The repositories of the allowlist globs ${this.globs.map((g) => `'${g}'`).join(', ')}, as IAM patterns; the function checks every name against the allowlist itself.`,
      });
    }
    if (access.includes('pull') || access.includes('pushSignatures')) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      );
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ecr:GetAuthorizationToken (the registry API token) has no resource-level permissions; the repositories themselves are limited by the statement above.',
      });
    }
  }
}
