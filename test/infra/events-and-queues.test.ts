import { Match } from 'aws-cdk-lib/assertions';
import { DEFAULT_MAX_RECEIVE_COUNT } from '../../lib/pipeline/work-queue';
import { logicalId, propertiesOf, synthesize } from './support/synth';

const app = synthesize();
const template = app.serviceTemplate;
const { pipeline } = app.service;
const arnOf = (construct: Parameters<typeof logicalId>[0]) => ({
  'Fn::GetAtt': [logicalId(construct), 'Arn'],
});
const deliveryDlq = pipeline.rules.deliveryDeadLetterQueue;

/** The allowlist of cdk.json, ['team-a/**', 'platform/*', 'base-images/**'], as EventBridge filters. */
const repositoryFilter = [{ prefix: 'team-a' }, { prefix: 'platform/' }, { prefix: 'base-images' }];

function expectRule(pattern: Record<string, unknown>, queue: Parameters<typeof logicalId>[0]): void {
  template.hasResourceProperties('AWS::Events::Rule', {
    EventPattern: pattern,
    State: 'ENABLED',
    Targets: [
      Match.objectLike({
        Arn: arnOf(queue),
        DeadLetterConfig: { Arn: arnOf(deliveryDlq) },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      }),
    ],
  });
}

describe('EventBridge rules', () => {
  it('sends successful ECR pushes and deletes in allowed repositories to the image-action queue', () => {
    expectRule(
      {
        source: ['aws.ecr'],
        'detail-type': ['ECR Image Action'],
        detail: {
          result: ['SUCCESS'],
          'action-type': ['PUSH', 'DELETE'],
          'repository-name': repositoryFilter,
        },
      },
      pipeline.imageActionQueue.queue,
    );
  });

  it('sends ECR basic scan results (complete or failed) to the signer queue', () => {
    expectRule(
      {
        source: ['aws.ecr'],
        'detail-type': ['ECR Image Scan'],
        detail: { 'scan-status': ['COMPLETE', 'FAILED'], 'repository-name': repositoryFilter },
      },
      pipeline.signerQueue.queue,
    );
  });

  it('sends Inspector2 initial scans of container images to the signer queue', () => {
    expectRule(
      {
        source: ['aws.inspector2'],
        'detail-type': ['Inspector2 Scan'],
        detail: { 'scan-status': ['INITIAL_SCAN_COMPLETE'], 'repository-name': [{ exists: true }] },
      },
      pipeline.signerQueue.queue,
    );
  });

  it('sends Inspector2 findings on container images to the finding queue', () => {
    expectRule(
      {
        source: ['aws.inspector2'],
        'detail-type': ['Inspector2 Finding'],
        detail: { resources: { type: ['AWS_ECR_CONTAINER_IMAGE'] } },
      },
      pipeline.findingQueue.queue,
    );
  });

  it('lets only its rules send to a work queue (queue policy scoped by source ARN)', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalId(pipeline.signerQueue.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Principal: { Service: 'events.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': arnOf(pipeline.rules.imageScan) } },
          }),
        ]),
      },
    });
  });

  it('runs the reconciler on a schedule, with a dead-letter queue for runs that cannot start', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      Targets: [
        Match.objectLike({
          Arn: arnOf(pipeline.reconciler.function),
          DeadLetterConfig: { Arn: arnOf(deliveryDlq) },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 900 },
        }),
      ],
    });
  });
});

describe('queues, dead-letter queues and event sources', () => {
  const workQueues = [
    // In flight: records of a batch at once per worker; the signer's from its PutImage budget
    // (10/s, 2 workers, the default formats' 2 PutImage calls per signature: two).
    {
      queue: pipeline.imageActionQueue,
      fn: pipeline.imageAction,
      batch: 10,
      concurrency: 5,
      timeout: 60,
      inFlight: 10,
    },
    {
      queue: pipeline.signerQueue,
      fn: pipeline.signer,
      batch: 10,
      concurrency: 2,
      timeout: 180,
      inFlight: 2,
    },
    {
      queue: pipeline.findingQueue,
      fn: pipeline.finding,
      batch: 10,
      concurrency: 5,
      timeout: 60,
      inFlight: 10,
    },
  ];

  it.each(workQueues.map((w) => [w.queue.node.id, w] as const))(
    '%s redrives to its dead-letter queue after 5 receives; visibility is six function timeouts',
    (_name, w) => {
      template.hasResourceProperties('AWS::SQS::Queue', {
        RedrivePolicy: {
          deadLetterTargetArn: arnOf(w.queue.deadLetterQueue),
          maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
        },
        VisibilityTimeout: w.timeout * 6,
        SqsManagedSseEnabled: true,
      });
    },
  );

  it.each(workQueues.map((w) => [w.queue.node.id, w] as const))(
    '%s feeds its function with partial batch failures and a maximum concurrency',
    (_name, w) => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: arnOf(w.queue.queue),
        FunctionName: { Ref: logicalId(w.fn.function) },
        BatchSize: w.batch,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: w.concurrency },
      });
    },
  );

  it.each(workQueues.map((w) => [w.queue.node.id, w] as const))(
    "%s's function knows its dead-letter queue, the queue's receive count and its records in flight",
    (_name, w) => {
      expect(propertiesOf(template, 'AWS::Lambda::Function', w.fn.function).Environment).toMatchObject({
        Variables: {
          DEAD_LETTER_QUEUE_URL: { Ref: logicalId(w.queue.deadLetterQueue) },
          MAX_RECEIVE_COUNT: String(DEFAULT_MAX_RECEIVE_COUNT),
          RECORDS_IN_FLIGHT: String(w.inFlight),
        },
      });
    },
  );

  it('keeps every dead-letter queue for 14 days, encrypted, TLS only', () => {
    for (const { queue } of pipeline.deadLetterQueues) {
      expect(propertiesOf(template, 'AWS::SQS::Queue', queue)).toMatchObject({
        MessageRetentionPeriod: 14 * 24 * 3600,
        SqsManagedSseEnabled: true,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('gives the reconciler a dead-letter queue for failed asynchronous runs', () => {
    const dlq = pipeline.reconciler.function.deadLetterQueue;
    expect(dlq).toBeDefined();
    expect(propertiesOf(template, 'AWS::Lambda::Function', pipeline.reconciler.function)).toMatchObject({
      DeadLetterConfig: { TargetArn: arnOf(dlq!) },
      ReservedConcurrentExecutions: 1,
    });
  });
});
