import { ECRClient, ECRServiceException } from '@aws-sdk/client-ecr';
import { EcrCredentialProvider } from '../../../functions/adapters/ecr/ecr-credential-provider';
import { ThrottledError, UnauthorizedError, UpstreamError } from '../../../functions/core/errors';
import { startEcrEmulator, type EcrEmulator } from '../../emulators/ecr';
import { sharedRegistryUrl } from '../../harness/services';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

describe('EcrCredentialProvider against the ECR emulator', () => {
  let now = Date.parse('2026-03-01T08:00:00Z');
  const clock = () => now;
  let emulator: EcrEmulator;
  let ecr: ECRClient;
  /** The fronted local registry, e.g. 127.0.0.1:PORT. */
  let host: string;

  const provider = (options: { refreshMarginMs?: number } = {}) =>
    new EcrCredentialProvider(ecr, { clock, registries: (h) => h === host, ...options });

  beforeAll(async () => {
    emulator = await startEcrEmulator({ registryUrl: sharedRegistryUrl(), password: 'first', now: clock });
    host = emulator.registryHost;
    ecr = new ECRClient({
      endpoint: emulator.endpoint,
      region: emulator.region,
      credentials: { accessKeyId: 'AKIDTESTIMAGETRUST', secretAccessKey: 'test-secret' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    ecr.destroy();
    await emulator.stop();
  });

  beforeEach(() => {
    emulator.faults.clear();
    emulator.calls.reset();
    emulator.auth.password = 'first';
    emulator.auth.tokenTtlMs = 12 * HOUR;
  });

  it('answers many concurrent asks with one GetAuthorizationToken call', async () => {
    // Prepare
    const credentials = provider();
    emulator.faults.set('GetAuthorizationToken', { latencyMs: 50 });

    // Act
    const answers = await Promise.all(Array.from({ length: 25 }, () => credentials.credentialsFor(host)));

    // Assess
    expect(emulator.calls.count('GetAuthorizationToken')).toBe(1);
    for (const answer of answers) expect(answer).toEqual({ username: 'AWS', password: 'first' });
  });

  it('keeps the token until the clock passes expiry minus the margin, then fetches a new one', async () => {
    // Prepare
    const credentials = provider({ refreshMarginMs: 15 * MINUTE });
    const start = now;
    await credentials.credentialsFor(host);
    emulator.auth.password = 'second';

    // Act
    now = start + 12 * HOUR - 15 * MINUTE - 1;
    const beforeMargin = await credentials.credentialsFor(host);
    now = start + 12 * HOUR - 15 * MINUTE;
    const atMargin = await credentials.credentialsFor(host);
    const afterRefresh = await credentials.credentialsFor(host);

    // Assess
    expect(beforeMargin?.password).toBe('first');
    expect(atMargin?.password).toBe('second');
    expect(afterRefresh?.password).toBe('second');
    expect(emulator.calls.count('GetAuthorizationToken')).toBe(2);
  });

  it('uses a 15-minute margin by default', async () => {
    // Prepare
    const credentials = provider();
    const start = now;
    await credentials.credentialsFor(host);

    // Act
    now = start + 12 * HOUR - 16 * MINUTE;
    await credentials.credentialsFor(host);
    now = start + 12 * HOUR - 14 * MINUTE;
    await credentials.credentialsFor(host);

    // Assess
    expect(emulator.calls.count('GetAuthorizationToken')).toBe(2);
  });

  it('drops the cached token on invalidate, also while a request is on its way', async () => {
    // Prepare
    const credentials = provider();
    await credentials.credentialsFor(host);
    emulator.auth.password = 'rotated';
    emulator.faults.set('GetAuthorizationToken', { latencyMs: 50 });

    // Act
    credentials.invalidate(host);
    const inFlight = credentials.credentialsFor(host);
    credentials.invalidate(host);
    const afterSecondInvalidate = credentials.credentialsFor(host);
    await Promise.all([inFlight, afterSecondInvalidate]);
    const cached = await credentials.credentialsFor(host);

    // Assess
    expect(cached).toEqual({ username: 'AWS', password: 'rotated' });
    expect(emulator.calls.count('GetAuthorizationToken')).toBe(3);
  });

  it('answers undefined, without a call, for a registry it does not serve', async () => {
    // Prepare
    const credentials = provider();

    // Act
    const answers = await Promise.all(
      ['ghcr.io', 'docker.io', '127.0.0.1:1'].map((h) => credentials.credentialsFor(h)),
    );

    // Assess
    expect(answers).toEqual([undefined, undefined, undefined]);
    expect(emulator.calls.count()).toBe(0);
  });

  it('serves ECR host names by default, asking a client of the host region', async () => {
    // Prepare
    const regions: (string | undefined)[] = [];
    const credentials = new EcrCredentialProvider(
      (region) => {
        regions.push(region);
        return ecr;
      },
      { clock },
    );
    const hosts = [
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      '123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn',
      '123456789012.DKR-ECR.eu-west-1.on.aws',
    ];

    // Act
    const answers = await Promise.all(hosts.map((h) => credentials.credentialsFor(h)));
    const local = await credentials.credentialsFor(host);

    // Assess
    expect(answers).toEqual(hosts.map(() => ({ username: 'AWS', password: 'first' })));
    expect(regions).toEqual(['us-east-1', 'us-gov-west-1', 'cn-north-1', 'eu-west-1']);
    expect(local).toBeUndefined();
    expect(emulator.calls.count('GetAuthorizationToken')).toBe(4);
  });

  it('translates throttling, server faults and access denial, keeping the SDK error as cause', async () => {
    // Prepare
    const credentials = provider();
    emulator.faults.failNext('GetAuthorizationToken', { type: 'ThrottlingException' });
    emulator.faults.failNext('GetAuthorizationToken', { type: 'ServerException' });
    emulator.faults.failNext('GetAuthorizationToken', {
      type: 'AccessDeniedException',
      message: 'not allowed',
    });

    // Act
    const errors: unknown[] = [];
    for (let i = 0; i < 3; i++) errors.push(await credentials.credentialsFor(host).catch((e: unknown) => e));
    const recovered = await credentials.credentialsFor(host);

    // Assess
    const [throttled, server, denied] = errors;
    expect(throttled).toBeInstanceOf(ThrottledError);
    expect(throttled).toMatchObject({ code: 'THROTTLED', retryable: true });
    expect(server).toBeInstanceOf(UpstreamError);
    expect(server).toMatchObject({ code: 'UPSTREAM', retryable: true });
    expect(denied).toBeInstanceOf(UnauthorizedError);
    expect(denied).toMatchObject({ code: 'UNAUTHORIZED', retryable: false });
    expect((denied as Error).message).toContain('not allowed');
    for (const error of errors) expect((error as Error).cause).toBeInstanceOf(ECRServiceException);
    expect(recovered).toEqual({ username: 'AWS', password: 'first' });
  });

  it('keeps serving a token that has not expired when its refresh fails for a passing reason', async () => {
    // Prepare
    const credentials = provider();
    const start = now;
    await credentials.credentialsFor(host);
    emulator.faults.set('GetAuthorizationToken', { serverErrorRate: 1 });

    // Act
    now = start + 12 * HOUR - 5 * MINUTE;
    const insideMargin = await credentials.credentialsFor(host);
    now = start + 12 * HOUR;
    const expired = await credentials.credentialsFor(host).catch((e: unknown) => e);

    // Assess
    expect(insideMargin).toEqual({ username: 'AWS', password: 'first' });
    expect(expired).toBeInstanceOf(UpstreamError);
    expect(emulator.calls.count('GetAuthorizationToken')).toBe(3);
  });
});
