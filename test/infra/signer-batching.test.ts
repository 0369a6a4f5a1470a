import { DeploymentConfigError, parseDeploymentConfig } from '../../lib/config/load-deployment-config';
import { signerBatching } from '../../lib/pipeline/signer-batching';
import { exampleConfig, logicalId, propertiesOf, synthesize } from './support/synth';

/** The default formats, `.sig` and `.att`: 2 PutImage calls per signature. */
const runtime = {
  signatureFormats: { default: ['signature' as const, 'attestation' as const], repositories: [] },
};
const batching = (ecrPutImagePerSecond: number, signerBatchingWindowSeconds?: number) =>
  signerBatching({
    signingConcurrency: 2,
    quotas: { ecrPutImagePerSecond },
    runtime,
    signerBatchingWindowSeconds,
  });

describe("the signer's batches", () => {
  it('are 10 records without a batching window, whatever the quota allows in flight', () => {
    expect(batching(100)).toEqual({
      batchSize: 10,
      maxConcurrency: 2,
      recordsInFlight: 10,
      maxBatchingWindowSeconds: 0,
    });
    expect(batching(10, 0)).toMatchObject({ batchSize: 10, recordsInFlight: 2 });
  });

  it('hold what one worker may sign at once with a batching window (at least 10, at most 100)', () => {
    expect(batching(100, 1)).toMatchObject({
      batchSize: 20,
      recordsInFlight: 20,
      maxBatchingWindowSeconds: 1,
    });
    expect(batching(10, 1)).toMatchObject({ batchSize: 10, recordsInFlight: 2 });
    expect(batching(10_000, 5)).toMatchObject({ batchSize: 100, recordsInFlight: 100 });
  });

  it('are fed through a batching window only when the deployment opts in', () => {
    const app = synthesize(
      exampleConfig({ signerBatchingWindowSeconds: 1, quotas: { ecrPutImagePerSecond: 100 } }),
    );
    const { signer, signerQueue } = app.service.pipeline;
    app.serviceTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(signerQueue.queue), 'Arn'] },
      BatchSize: 20,
      MaximumBatchingWindowInSeconds: 1,
    });
    expect(propertiesOf(app.serviceTemplate, 'AWS::Lambda::Function', signer.function)).toMatchObject({
      Environment: { Variables: { RECORDS_IN_FLIGHT: '20' } },
    });
    const plain = synthesize();
    const mapping = Object.values(
      plain.serviceTemplate.findResources('AWS::Lambda::EventSourceMapping'),
    ).find((m) => JSON.stringify(m).includes(logicalId(plain.service.pipeline.signerQueue.queue)));
    expect(mapping?.Properties).toMatchObject({ BatchSize: 10 });
    expect(mapping?.Properties.MaximumBatchingWindowInSeconds).toBeUndefined();
  });

  it('refuse a window outside what SQS allows (0 to 300 s)', () => {
    const problems = (signerBatchingWindowSeconds: unknown) => {
      try {
        parseDeploymentConfig(exampleConfig({ signerBatchingWindowSeconds }));
        return [];
      } catch (error) {
        if (error instanceof DeploymentConfigError) return error.problems;
        throw error;
      }
    };
    expect(problems(301)).toEqual([expect.stringContaining('imageTrust.signerBatchingWindowSeconds')]);
    expect(problems(-1)).toEqual([expect.stringContaining('imageTrust.signerBatchingWindowSeconds')]);
    expect(problems(300)).toEqual([]);
  });
});
