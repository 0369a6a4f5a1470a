import { Match } from 'aws-cdk-lib/assertions';
import { logicalId, synthesize } from './support/synth';

const app = synthesize();
const template = app.serviceTemplate;
const { pipeline, lookup, webhook } = app.service;
const topic = { Ref: Match.stringLikeRegexp('^AlarmTopic') };

/** An alarm on `metric` of one resource, notifying the alarm topic when it fires and when it clears. */
function expectAlarm(props: Record<string, unknown>): void {
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    AlarmActions: [topic],
    OKActions: [topic],
    ...props,
  });
}

describe('alarms', () => {
  it('e-mail the configured address through a TLS-only topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'platform-oncall@example.com',
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it.each(pipeline.deadLetterQueues.map((d) => [d.name, d] as const))(
    'fire on the first message in the %s dead-letter queue',
    (_n, d) => {
      expectAlarm({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(d.queue), 'QueueName'] } }],
        Statistic: 'Maximum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    },
  );

  const functions = [
    ...pipeline.functions,
    { name: 'LookupApi', fn: lookup },
    { name: 'AdmissionWebhook', fn: webhook!.function },
  ];
  it.each(functions.map((f) => [f.name, f] as const))(
    'fire on errors and on any throttle of the %s function',
    (_n, f) => {
      const dimensions = [{ Name: 'FunctionName', Value: { Ref: logicalId(f.fn.function) } }];
      expectAlarm({
        MetricName: 'Errors',
        Dimensions: dimensions,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 5,
      });
      expectAlarm({
        MetricName: 'Throttles',
        Dimensions: dimensions,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      });
    },
  );

  it('fire when the EKS admission webhook answers 5xx', () => {
    expectAlarm({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: Match.arrayWith([{ Name: 'ApiId', Value: { Ref: logicalId(webhook!.api.api) } }]),
      Threshold: 5,
    });
  });

  it('fire when a work queue has held a message for half an hour', () => {
    for (const queue of [pipeline.imageActionQueue, pipeline.signerQueue, pipeline.findingQueue]) {
      expectAlarm({
        MetricName: 'ApproximateAgeOfOldestMessage',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(queue.queue), 'QueueName'] } }],
        Threshold: 1800,
      });
    }
  });

  it('fire when images stay PENDING too long in two reconciler runs in a row', () => {
    expectAlarm({
      Namespace: 'ImageTrust',
      MetricName: 'PendingTooLong',
      Dimensions: [{ Name: 'service', Value: 'image-trust' }],
      Statistic: 'Maximum',
      Period: 15 * 60,
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('fire when the reconciler has not run for two of its periods (missing data counts)', () => {
    expectAlarm({
      MetricName: 'Invocations',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(pipeline.reconciler.function) } }],
      Period: 30 * 60,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('fire on any break-glass use', () => {
    expectAlarm({ Namespace: 'ImageTrust', MetricName: 'BreakGlassUsed', Statistic: 'Sum', Threshold: 1 });
  });

  it('fire on any VERIFIED item a lookup refused for its seal (VERDICT_UNSIGNED, VERDICT_TAMPERED)', () => {
    expectAlarm({
      Namespace: 'ImageTrust',
      MetricName: 'VerdictSealRefused',
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('fire on lookup API 5xx responses', () => {
    expectAlarm({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Statistic: 'Sum', Threshold: 5 });
  });

  it('are all on the dashboard, with verdicts by status, time to verdict and dead-letter depth', () => {
    const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]);
    for (const metric of [
      'VerdictVERIFIED',
      'VerdictREJECTED',
      'VerdictREVOKED',
      'TimeFromPushToVerdict',
      'PendingTooLong',
    ]) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
    for (const alarm of app.service.alarms.alarms) expect(body).toContain(logicalId(alarm));
  });
});
