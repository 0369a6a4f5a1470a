/** The `detail` of an `Inspector2 Finding` EventBridge event, as far as image-trust reads it. */
import * as z from 'zod';
import { inspectorFindingShape } from './inspector-finding';

/** The statuses of an Inspector finding. */
export const INSPECTOR_FINDING_STATUSES = ['ACTIVE', 'CLOSED', 'SUPPRESSED'] as const;
export type InspectorFindingStatus = (typeof INSPECTOR_FINDING_STATUSES)[number];

/** The resource type of a finding on an image in ECR. */
export const ECR_IMAGE_RESOURCE = 'AWS_ECR_CONTAINER_IMAGE';

const ecrImageSchema = z.looseObject({
  repositoryName: z.string().min(1),
  imageHash: z.string(),
  imageTags: z.array(z.string()).optional(),
  registry: z.string().optional(),
});

const resourceSchema = z.looseObject({
  type: z.string(),
  details: z.looseObject({ awsEcrContainerImage: ecrImageSchema.optional() }).optional(),
});

/** Enough of the detail to tell what kind of finding it is before reading it all. */
export const inspectorEventHeaderSchema = z.looseObject({
  type: z.string().optional(),
  resources: z.array(z.looseObject({ type: z.string() })).min(1),
});

export const inspectorEventDetailSchema = z.looseObject({
  ...inspectorFindingShape,
  status: z.enum(INSPECTOR_FINDING_STATUSES),
  findingArn: z.string().optional(),
  awsAccountId: z.string().optional(),
  resources: z.array(resourceSchema).min(1),
});
export type InspectorEventDetail = z.output<typeof inspectorEventDetailSchema>;
