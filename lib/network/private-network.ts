import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { VpcSettings } from '../config/network-settings-schema';
import type { FunctionNetwork } from './function-network';

/**
 * The AWS services the functions call from a VPC without internet access. Interface endpoints (with
 * private DNS): ECR's API and registry (dkr), KMS (signing), SQS (hand-offs, dead letters), STS,
 * CloudWatch Logs, X-Ray (active tracing). Gateway endpoints (routes): S3 (ECR serves image layers
 * from it) and DynamoDB (the verdict table).
 */
export const INTERFACE_ENDPOINTS = {
  EcrApi: ec2.InterfaceVpcEndpointAwsService.ECR,
  EcrDocker: ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  XRay: ec2.InterfaceVpcEndpointAwsService.XRAY,
  /** The admission webhook reads its credentials. */
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
} as const;
export const GATEWAY_ENDPOINTS = {
  S3: ec2.GatewayVpcEndpointAwsService.S3,
  DynamoDb: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
} as const;

/**
 * An existing VPC, imported from the configuration without a lookup: the functions run in its private
 * subnets with one security group (HTTPS out only). With `endpoints: 'create'`, the VPC endpoints of
 * INTERFACE_ENDPOINTS and GATEWAY_ENDPOINTS are made here, the interface ones reachable only from the
 * functions' security group; with `existing`, the VPC must already have them (private DNS on).
 */
export class PrivateNetwork extends Construct implements FunctionNetwork {
  readonly vpc: ec2.IVpc;
  readonly subnets: readonly ec2.ISubnet[];
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, settings: VpcSettings) {
    super(scope, id);
    this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: settings.vpcId,
      availabilityZones: [...new Set(settings.privateSubnets.map((s) => s.availabilityZone))],
    });
    this.subnets = settings.privateSubnets.map((s) =>
      ec2.Subnet.fromSubnetAttributes(this, s.subnetId, {
        subnetId: s.subnetId,
        availabilityZone: s.availabilityZone,
        routeTableId: s.routeTableId,
      }),
    );
    this.securityGroup = new ec2.SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'image-trust functions: HTTPS to AWS services only',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS service endpoints');
    if (settings.endpoints === 'create') this.createEndpoints();
  }

  private createEndpoints(): void {
    const endpoints = new ec2.SecurityGroup(this, 'Endpoints', {
      vpc: this.vpc,
      description: 'image-trust VPC endpoints: HTTPS from the functions',
      allowAllOutbound: false,
    });
    endpoints.addIngressRule(this.securityGroup, ec2.Port.tcp(443), 'HTTPS from the image-trust functions');
    for (const [id, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      new ec2.InterfaceVpcEndpoint(this, id, {
        vpc: this.vpc,
        service,
        subnets: { subnets: [...this.subnets] },
        securityGroups: [endpoints],
        privateDnsEnabled: true,
        open: false,
      });
    }
    for (const [id, service] of Object.entries(GATEWAY_ENDPOINTS)) {
      new ec2.GatewayVpcEndpoint(this, id, {
        vpc: this.vpc,
        service,
        subnets: [{ subnets: [...this.subnets] }],
      });
    }
  }
}
