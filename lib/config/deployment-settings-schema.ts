/**
 * The deployment-only settings of image-trust (what CDK needs and the functions never read), validated
 * with zod at synth. They sit next to the runtime configuration in one object, the `imageTrust` context
 * key of cdk.json (see deployment-config-schema.ts for the whole).
 */
import * as z from 'zod';
import { networkSettingsSchema } from './network-settings-schema';
import { strictObject } from './strict-object';

const ACCOUNT_ID = z.string().regex(/^\d{12}$/, 'must be an AWS account id: 12 digits');
const REGION = z
  .string()
  .regex(/^[a-z]{2,4}(-[a-z]+){1,3}-\d{1,2}$/, "must be an AWS region such as 'eu-west-1'");
const ALIAS = z
  .string()
  .regex(/^alias\/[a-zA-Z0-9/_-]{1,250}$/, "must be a KMS alias name such as 'alias/image-trust'")
  .refine((a) => !a.startsWith('alias/aws/'), "must not be an AWS managed alias ('alias/aws/...')");
const KEY_ARN = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-)?[0-9a-f-]{32,36}$/,
    "must be a KMS key ARN such as 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'",
  );

/** CloudWatch Logs accepts only these retention periods. */
const ROLE_ARN = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/,
    "must be an IAM role ARN such as 'arn:aws:iam::123456789012:role/platform-oncall'",
  );
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 3653,
];
/** The shortest retention the Control Tower control CT.CLOUDWATCH.PR.2 accepts: one year. */
export const MIN_LOG_RETENTION_DAYS = 365;

/**
 * The signing key: created here (ECC_NIST_P256, SIGN_VERIFY, retained on delete), or an existing key
 * imported by ARN or by alias (the alias must be in the account and region of the deployment).
 */
export const keySettingsSchema = z.discriminatedUnion('mode', [
  strictObject({ mode: z.literal('create'), alias: ALIAS.default('alias/image-trust') }),
  strictObject({
    mode: z.literal('import'),
    keyArn: KEY_ARN.optional(),
    alias: ALIAS.optional(),
  }).superRefine((key, ctx) => {
    if ((key.keyArn === undefined) === (key.alias === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: "name the imported key by exactly one of 'keyArn' or 'alias'",
      });
    }
  }),
]);
export type KeySettings = z.output<typeof keySettingsSchema>;

/**
 * The key set's other keys, besides `key` (the active one): `verifying` keys are trusted and published
 * but never sign (a new key before it is made active, or the old one after); `retired` keys are
 * published as retired and trusted by nobody. The signer only reads their public keys.
 */
export const otherKeySchema = strictObject({
  keyArn: KEY_ARN.optional(),
  alias: ALIAS.optional(),
  state: z.enum(['verifying', 'retired']),
}).superRefine((key, ctx) => {
  if ((key.keyArn === undefined) === (key.alias === undefined)) {
    ctx.addIssue({ code: 'custom', message: "name the key by exactly one of 'keyArn' or 'alias'" });
  }
});
export type OtherKeySettings = z.output<typeof otherKeySchema>;

const mtlsSchema = strictObject({
  /**
   * The CA bundle (PEM) that client certificates must chain to, in S3. Without it the stack creates a
   * truststore bucket (output TruststoreBucket) for `image-trust gatekeeper-trust` to fill, and the
   * custom domain waits for `truststoreVersion`, which that command prints.
   */
  truststoreUri: z
    .string()
    .regex(
      /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+$/,
      "must be an S3 URI such as 's3://bucket/truststore.pem'",
    )
    .optional(),
  /** The truststore object's S3 version: API Gateway reads the truststore again only when this changes. */
  truststoreVersion: z.string().min(1).optional(),
  /** mTLS needs a custom domain; the default execute-api endpoint is then disabled. */
  domainName: z
    .string()
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a DNS name such as 'image-trust.example.com'"),
  certificateArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/,
      'must be an ACM certificate ARN in the region of the API',
    ),
  /**
   * The client certificate subject DNs the lookup function accepts (`CN=gatekeeper,O=platform`): a
   * certificate that chains to the truststore is not enough. None: every client certificate is refused.
   */
  allowedClientSubjects: z.array(z.string().min(1).max(1024)).max(100).default([]),
});

const throttleSchema = strictObject({
  rateLimit: z.number().positive().max(10_000),
  burstLimit: z.int().min(1).max(5_000),
});

/** The admission webhook endpoint EKS calls (its own HTTP API, a credential in the path; docs/API.md). */
const webhookSchema = strictObject({
  /** Off: no webhook API, no secret (clusters use Gatekeeper or a SigV4 relay). */
  enabled: z.boolean().default(true),
  /** Its own throttling, requests per second and burst: a leaked credential costs at most this. */
  throttle: throttleSchema.default({ rateLimit: 50, burstLimit: 100 }),
});
const WEBHOOK_DEFAULTS = { enabled: true, throttle: { rateLimit: 50, burstLimit: 100 } };

export const apiSettingsSchema = strictObject({
  /** iam: SigV4-signed callers with execute-api:Invoke; mtls: client certificates on a custom domain. */
  auth: z.enum(['iam', 'mtls']).default('iam'),
  mtls: mtlsSchema.optional(),
  /** Stage-wide throttling, requests per second and burst. */
  throttle: throttleSchema.default({ rateLimit: 100, burstLimit: 200 }),
  webhook: webhookSchema.default(WEBHOOK_DEFAULTS),
}).superRefine((api, ctx) => {
  if (api.auth === 'mtls' && api.mtls === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['mtls'],
      message: "is required when auth is 'mtls': { domainName, certificateArn, truststoreUri? }",
    });
  }
  if (api.auth === 'iam' && api.mtls !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['mtls'],
      message: "is only used when auth is 'mtls'; remove it or set auth to 'mtls'",
    });
  }
});
export type ApiSettings = z.output<typeof apiSettingsSchema>;

/** The settings that only CDK reads, as fields of the `imageTrust` object. */
export const deploymentSettingsShape = {
  /** Pin the stacks to one account and region; without it they are environment-agnostic. */
  env: strictObject({ account: ACCOUNT_ID, region: REGION }).optional(),
  key: keySettingsSchema,
  api: apiSettingsSchema.default({
    auth: 'iam',
    throttle: { rateLimit: 100, burstLimit: 200 },
    webhook: WEBHOOK_DEFAULTS,
  }),
  /** Where alarms are sent (an SNS e-mail subscription, confirmed by its owner). */
  alarmEmail: z.email({
    error: (issue) =>
      `${issue.input === undefined ? 'is required: it' : ''} must be an e-mail address such as 'platform-oncall@example.com'`.trim(),
  }),
  /** How many signer invocations may run at once; bounded by the ECR PutImage quota (see signing-budget.ts). */
  signingConcurrency: z.int().min(2, 'must be 2 or more (the minimum of an SQS event source)').default(2),
  /**
   * Seconds the signer's event source may wait to fill a batch (SQS MaximumBatchingWindowInSeconds).
   * 0: batches of 10, a lone image signed at once. 1 or more (opt-in): batches as large as the PutImage
   * budget lets one worker sign at once (lib/pipeline/signer-batching.ts), an image waiting up to this long.
   */
  signerBatchingWindowSeconds: z.int().min(0).max(300).default(0),
  /** Account quotas that bound concurrency; raise them here only after Service Quotas has. */
  quotas: strictObject({ ecrPutImagePerSecond: z.number().positive().default(10) }).default({
    ecrPutImagePerSecond: 10,
  }),
  /**
   * Reserve the signer's and the reconciler's concurrency. Turn off only in accounts whose Lambda
   * concurrency limit is too low to reserve any (new accounts); the event source maximum still applies.
   */
  reserveConcurrency: z.boolean().default(true),
  /**
   * Provisioned concurrency of the lookup function: that many execution environments kept initialised
   * behind an alias (`live`) that the lookup API calls, so that no admission waits for a cold start.
   * 0 (the default): off, the API calls the function itself. Billed per environment and hour.
   */
  lookupProvisionedConcurrency: z.int().min(0).max(1000).default(0),
  /** At most 12 hours: its alarms look at two periods, and CloudWatch evaluates at most a day. */
  reconcileEveryMinutes: z
    .int()
    .min(5)
    .max(12 * 60)
    .default(15),
  /** At least a year (CT.CLOUDWATCH.PR.2). */
  logRetentionDays: z
    .int()
    .refine(
      (d) => d >= MIN_LOG_RETENTION_DAYS && LOG_RETENTION_DAYS.includes(d),
      `must be one of ${LOG_RETENTION_DAYS.filter((d) => d >= MIN_LOG_RETENTION_DAYS).join(', ')} (Control Tower's CT.CLOUDWATCH.PR.2 asks for a year or more)`,
    )
    .default(MIN_LOG_RETENTION_DAYS),
  /** Where the functions run: outside any VPC (default), or in the private subnets of `network.vpc`. */
  network: networkSettingsSchema.default({}),
  /** A rotation's other keys (see otherKeySchema and the README's runbook); none by default. */
  otherKeys: z.array(otherKeySchema).max(10).default([]),
  /**
   * IAM roles of operators who may move parked messages back from a dead-letter queue to its work queue
   * (an SQS dead-letter queue redrive, `StartMessageMoveTask`, sends as its caller): the work queues'
   * policies deny sqs:SendMessage to all other senders. None by default (re-drive with `image-trust
   * reevaluate`, or let the reconciler find the work). A role listed may enqueue any message there, so
   * list only the roles that run incidents.
   */
  redriveRoleArns: z.array(ROLE_ARN).max(10).default([]),
};
