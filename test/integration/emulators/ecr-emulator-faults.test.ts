import {
  DescribeImagesCommand,
  ECRServiceException,
  GetAuthorizationTokenCommand,
  ServerException,
} from '@aws-sdk/client-ecr';
import { cliErrorMessage, clientFor, useEcrEmulator } from './ecr-emulator-fixture';

describe('ECR emulator through @aws-sdk/client-ecr: faults and the wire', () => {
  const fx = useEcrEmulator();

  describe('faults', () => {
    it('throttles one operation at rate 1 and leaves the others alone', async () => {
      // Prepare
      fx.emulator.faults.set('DescribeImages', { throttleRate: 1 });

      // Act
      const error = await fx.ecr
        .send(new DescribeImagesCommand({ repositoryName: 'team/list' }))
        .catch((e: unknown) => e);
      const token = await fx.ecr.send(new GetAuthorizationTokenCommand({}));

      // Assess
      expect(error).toBeInstanceOf(ECRServiceException);
      expect((error as ECRServiceException).name).toBe('ThrottlingException');
      expect((error as ECRServiceException).$metadata.httpStatusCode).toBe(400);
      expect(token.authorizationData).toHaveLength(1);
      expect(fx.emulator.calls.failed('DescribeImages')).toBe(1);
      expect(fx.emulator.calls.failed('GetAuthorizationToken')).toBe(0);
    });

    it('answers ServerException with HTTP 500 and the real message', async () => {
      // Prepare
      fx.emulator.faults.set('*', { serverErrorRate: 1 });

      // Act
      const error = await fx.ecr.send(new GetAuthorizationTokenCommand({})).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ServerException);
      expect((error as ServerException).$fault).toBe('server');
      expect((error as ServerException).$metadata.httpStatusCode).toBe(500);
      expect((error as Error).message).toBe(cliErrorMessage('ServerException.aws-cli-stderr.txt'));
    });

    it('lets the SDK retry forced errors and counts every attempt', async () => {
      // Prepare
      const retrying = clientFor(fx.emulator, 3);
      fx.emulator.faults.failNext('GetAuthorizationToken', { type: 'ServerException' });
      fx.emulator.faults.failNext('GetAuthorizationToken', { type: 'ThrottlingException' });

      // Act
      const out = await retrying.send(new GetAuthorizationTokenCommand({}));

      // Assess
      expect(out.authorizationData).toHaveLength(1);
      expect(fx.emulator.calls.log('GetAuthorizationToken').map((c) => c.error)).toEqual([
        'ServerException',
        'ThrottlingException',
        undefined,
      ]);
      retrying.destroy();
    });

    it('forces an error the model does not list, such as AccessDeniedException', async () => {
      // Prepare
      fx.emulator.faults.failNext('GetAuthorizationToken', {
        type: 'AccessDeniedException',
        message: 'denied',
      });

      // Act
      const error = await fx.ecr.send(new GetAuthorizationTokenCommand({})).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ECRServiceException);
      expect(error).toMatchObject({ name: 'AccessDeniedException', message: 'denied' });
    });

    it('adds latency, and throttles a seeded share of calls at a partial rate', async () => {
      // Prepare
      fx.emulator.faults.set('GetAuthorizationToken', { latencyMs: 150, throttleRate: 0.5 });

      // Act
      const started = performance.now();
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, () =>
          fx.ecr.send(new GetAuthorizationTokenCommand({})).then(
            () => 'ok',
            (e: unknown) => (e as Error).name,
          ),
        ),
      );
      const elapsed = performance.now() - started;

      // Assess
      expect(elapsed).toBeGreaterThanOrEqual(140);
      const throttled = outcomes.filter((o) => o === 'ThrottlingException').length;
      expect(throttled).toBeGreaterThan(5);
      expect(throttled).toBeLessThan(35);
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(40 - throttled);
      expect(fx.emulator.calls.count('GetAuthorizationToken')).toBe(40);
    });
  });

  describe('wire', () => {
    it('answers AWS JSON 1.1 errors as {"__type", "message"} and refuses unsigned or unknown calls', async () => {
      // Prepare
      const call = (target: string, headers: Record<string, string> = {}) =>
        fetch(fx.emulator.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, ...headers },
          body: JSON.stringify({ repositoryName: 'no/such-repo' }),
        });
      const signed = {
        authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260301/us-east-1/ecr/aws4_request',
      };

      // Act
      const notFound = await call('AmazonEC2ContainerRegistry_V20150921.DescribeImages', signed);
      const unsigned = await call('AmazonEC2ContainerRegistry_V20150921.DescribeImages');
      const unknown = await call('AmazonEC2ContainerRegistry_V20150921.DeleteRepository', signed);

      // Assess
      expect(notFound.status).toBe(400);
      expect(notFound.headers.get('content-type')).toBe('application/x-amz-json-1.1');
      expect(await notFound.json()).toEqual({
        __type: 'RepositoryNotFoundException',
        message:
          "The repository with name 'no/such-repo' does not exist in the registry with id '123456789012'",
      });
      expect(unsigned.status).toBe(403);
      expect(((await unsigned.json()) as { __type: string }).__type).toBe(
        'MissingAuthenticationTokenException',
      );
      expect(((await unknown.json()) as { __type: string }).__type).toBe('UnknownOperationException');
    });
  });
});
