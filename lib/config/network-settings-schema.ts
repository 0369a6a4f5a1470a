/** `imageTrust.network`: where the functions run (deployment-only, validated at synth). */
import * as z from 'zod';
import { strictObject } from './strict-object';

const SUBNET = strictObject({
  subnetId: z
    .string()
    .regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id such as 'subnet-0123456789abcdef0'"),
  availabilityZone: z
    .string()
    .regex(/^[a-z]{2,4}(-[a-z]+){1,3}-\d{1,2}[a-z]$/, "must be an availability zone such as 'eu-west-1a'"),
  /** The subnet's route table: the S3 and DynamoDB gateway endpoints are routes in it. */
  routeTableId: z
    .string()
    .regex(/^rtb-[0-9a-f]{8,17}$/, "must be a route table id such as 'rtb-0123456789abcdef0'")
    .optional(),
});

/**
 * An existing VPC, imported without a lookup (synth stays offline): its id and the private subnets the
 * functions run in. `endpoints`: `create` makes the VPC endpoints the functions need (see
 * network/private-network.ts); `existing` when the VPC already has them (with private DNS).
 */
export const vpcSettingsSchema = strictObject({
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id such as 'vpc-0123456789abcdef0'"),
  privateSubnets: z.array(SUBNET).min(1).max(16),
  endpoints: z.enum(['create', 'existing']).default('create'),
}).superRefine((vpc, ctx) => {
  if (vpc.endpoints !== 'create') return;
  vpc.privateSubnets.forEach((subnet, index) => {
    if (subnet.routeTableId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['privateSubnets', index, 'routeTableId'],
        message: "is required when endpoints is 'create' (the S3 and DynamoDB gateway endpoints are routes)",
      });
    }
  });
});
export type VpcSettings = z.output<typeof vpcSettingsSchema>;

/** Without `vpc`, the functions run outside any VPC (Lambda's own network). */
export const networkSettingsSchema = strictObject({ vpc: vpcSettingsSchema.optional() });
export type NetworkSettings = z.output<typeof networkSettingsSchema>;
