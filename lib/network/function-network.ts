import type * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Where a function runs when it runs in a VPC: the VPC, its private subnets, its security group. */
export interface FunctionNetwork {
  readonly vpc: ec2.IVpc;
  readonly subnets: readonly ec2.ISubnet[];
  readonly securityGroup: ec2.ISecurityGroup;
}
