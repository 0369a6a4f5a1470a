import { Duration } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeploymentConfig } from '../config/deployment-config-schema';
import { OtherSigningKeys } from '../stateful/other-signing-keys';
import type { FunctionNetwork } from '../network/function-network';
import type { SigningKey } from '../stateful/signing-key';
import { signerRoleName } from '../stateful/signer-role';
import type { VerdictTable } from '../stateful/verdict-table';
import { newDeadLetterQueue } from './dead-letter-queue';
import { ImageTrustFunction } from './image-trust-function';
import { PipelineEventRules } from './pipeline-event-rules';
import { ReconcilerSchedule } from './reconciler-schedule';
import { RepositoryAccess } from './repository-access';
import { signerBatching } from './signer-batching';
import { WorkQueue } from './work-queue';

export interface PipelineProps {
  readonly config: DeploymentConfig;
  /** IMAGE_TRUST_CONFIG, validated at synth. */
  readonly runtimeConfig: string;
  readonly logRetention: logs.RetentionDays;
  readonly table: VerdictTable;
  readonly signingKey: SigningKey;
  /** The private subnets of `network.vpc`, when the functions run in a VPC. */
  readonly network?: FunctionNetwork;
}

/** A dead-letter queue and what it collects, for alarms and the dashboard. */
export interface NamedQueue {
  readonly name: string;
  readonly queue: sqs.IQueue;
}

/** Timeouts: a batch of work per function, with room for the SDK's retries of throttled calls. */
const TIMEOUTS = {
  imageAction: Duration.seconds(60),
  /** A batch of 10 images, one at a time at the default quota, each ~1-3 s (config/signing-budget.ts), plus retries. */
  signer: Duration.seconds(180),
  finding: Duration.seconds(60),
} as const;

/** Event source concurrency of the functions that neither sign nor write to ECR. */
const READER_CONCURRENCY = 5;

/**
 * The event-driven part: EventBridge rules into three work queues (pushes, the signer's scan results and
 * hand-offs, findings), each with its dead-letter queue and its function (the image-action and finding
 * functions share the event-intake code), plus the scheduled reconciler. Only the signer holds
 * kms:Sign and ECR write permissions; the others hand signing work to its queue.
 */
export class Pipeline extends Construct {
  readonly imageAction: ImageTrustFunction;
  readonly signer: ImageTrustFunction;
  /** The key set's keys besides the signing key (verifying, retired). */
  readonly otherSigningKeys: OtherSigningKeys;
  readonly finding: ImageTrustFunction;
  readonly reconciler: ImageTrustFunction;
  readonly imageActionQueue: WorkQueue;
  readonly signerQueue: WorkQueue;
  readonly findingQueue: WorkQueue;
  readonly rules: PipelineEventRules;
  readonly schedule: ReconcilerSchedule;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { config, table, signingKey } = props;
    const runtime = config.runtime;
    const trivy = runtime.scanning.mode === 'trivy-annotation';
    const ecr = new RepositoryAccess(config.registries, runtime.allowlist.repositories);
    const common = {
      runtimeConfig: props.runtimeConfig,
      logRetention: props.logRetention,
      network: props.network,
    };

    const { redriveRoleArns } = config;
    this.imageActionQueue = new WorkQueue(this, 'ImageActionQueue', {
      consumerTimeout: TIMEOUTS.imageAction,
      redriveRoleArns,
    });
    this.signerQueue = new WorkQueue(this, 'SignerQueue', {
      consumerTimeout: TIMEOUTS.signer,
      acceptsHandOffs: true,
      redriveRoleArns,
    });
    this.findingQueue = new WorkQueue(this, 'FindingQueue', {
      consumerTimeout: TIMEOUTS.finding,
      redriveRoleArns,
    });

    this.imageAction = new ImageTrustFunction(this, 'ImageAction', {
      ...common,
      entry: 'event-intake',
      description: 'image-trust: records pushes and deletes, starts basic scans',
      memorySize: 512,
      timeout: TIMEOUTS.imageAction,
    });
    table.grantReadWrite(this.imageAction);
    ecr.grant(this.imageAction, 'describeImages', 'startScan', 'pull');
    this.imageActionQueue.consumeWith(this.imageAction, {
      batchSize: 10,
      maxConcurrency: READER_CONCURRENCY,
    });
    // With the scan in the image (a Trivy report from CI), a push is judged at once and handed to the signer.
    if (trivy) this.signerQueue.bindHandOff(this.imageAction);

    // The signer: workers and images at once per worker bounded by the ECR PutImage quota (config/signing-budget.ts).
    this.signer = new ImageTrustFunction(this, 'Signer', {
      ...common,
      entry: 'signer',
      // The signing key's policy denies kms:Sign to every other principal, by this name.
      roleName: signerRoleName(this),
      description: 'image-trust: judges scan results, signs with KMS, writes cosign signatures',
      memorySize: 1024,
      timeout: TIMEOUTS.signer,
      reservedConcurrentExecutions: config.reserveConcurrency ? config.signingConcurrency : undefined,
    });
    table.grantReadWrite(this.signer);
    signingKey.grantSign(this.signer);
    this.otherSigningKeys = new OtherSigningKeys(this, 'OtherSigningKeys', { keys: config.otherKeys });
    this.otherSigningKeys.grantPublish(this.signer);
    ecr.grant(this.signer, 'readScanFindings', 'pull', 'pushSignatures');
    this.signerQueue.consumeWith(this.signer, signerBatching(config));

    this.finding = new ImageTrustFunction(this, 'Finding', {
      ...common,
      entry: 'event-intake',
      description: 'image-trust: revokes verified images on new Inspector findings',
      memorySize: 512,
      timeout: TIMEOUTS.finding,
    });
    table.grantReadWrite(this.finding);
    ecr.grant(
      this.finding,
      ...(trivy ? (['readScanFindings', 'pull'] as const) : (['readScanFindings'] as const)),
    );
    this.findingQueue.consumeWith(this.finding, { batchSize: 10, maxConcurrency: READER_CONCURRENCY });
    // A closed finding can restore a revoked image: that re-signs, so it goes to the signer.
    this.signerQueue.bindHandOff(this.finding);

    this.reconciler = new ImageTrustFunction(this, 'Reconciler', {
      ...common,
      entry: 'reconciler',
      description: 'image-trust: re-drives PENDING and stale verdicts to the signer',
      memorySize: 512,
      timeout: Duration.minutes(Math.min(5, config.reconcileEveryMinutes)),
      // One run at a time: a run that overlaps the next would re-drive the same images twice.
      reservedConcurrentExecutions: config.reserveConcurrency ? 1 : undefined,
      deadLetterQueue: newDeadLetterQueue(this, 'ReconcilerDeadLetterQueue'),
    });
    table.grantReadWrite(this.reconciler);
    ecr.grant(
      this.reconciler,
      'describeRepositories',
      'describeImages',
      'readScanFindings',
      'startScan',
      ...(trivy ? (['pull'] as const) : []),
    );
    this.signerQueue.bindHandOff(this.reconciler);

    this.rules = new PipelineEventRules(this, 'Rules', {
      repositories: runtime.allowlist.repositories,
      imageActionQueue: this.imageActionQueue.queue,
      signerQueue: this.signerQueue.queue,
      findingQueue: this.findingQueue.queue,
    });
    this.imageActionQueue.acceptEventsFrom(this.rules.imageAction);
    this.signerQueue.acceptEventsFrom(this.rules.imageScan, this.rules.inspectorScan);
    this.findingQueue.acceptEventsFrom(this.rules.inspectorFinding);
    this.schedule = new ReconcilerSchedule(this, 'Schedule', {
      reconciler: this.reconciler,
      every: Duration.minutes(config.reconcileEveryMinutes),
      deadLetterQueue: this.rules.deliveryDeadLetterQueue,
    });
  }

  /** The functions by role, for alarms and the dashboard. */
  get functions(): readonly { readonly name: string; readonly fn: ImageTrustFunction }[] {
    return [
      { name: 'ImageAction', fn: this.imageAction },
      { name: 'Signer', fn: this.signer },
      { name: 'Finding', fn: this.finding },
      { name: 'Reconciler', fn: this.reconciler },
    ];
  }

  /** Every dead-letter queue: a message in any of them is work that did not get done. */
  get deadLetterQueues(): readonly NamedQueue[] {
    const reconcilerDlq = this.reconciler.function.deadLetterQueue;
    return [
      { name: 'ImageAction', queue: this.imageActionQueue.deadLetterQueue },
      { name: 'Signer', queue: this.signerQueue.deadLetterQueue },
      { name: 'Finding', queue: this.findingQueue.deadLetterQueue },
      { name: 'EventDelivery', queue: this.rules.deliveryDeadLetterQueue },
      ...(reconcilerDlq ? [{ name: 'Reconciler', queue: reconcilerDlq }] : []),
    ];
  }
}
