import type { ApiEvent } from '../functions/http/api-event';

/** `GET /v1/verdicts?image=REF` as API Gateway delivers it. */
export function getEvent(image: string): ApiEvent {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/verdicts',
    rawQueryString: `image=${encodeURIComponent(image)}`,
    queryStringParameters: { image },
    headers: {},
    isBase64Encoded: false,
    requestContext: {
      accountId: 'bench',
      apiId: 'bench',
      domainName: 'bench',
      domainPrefix: 'bench',
      http: {
        method: 'GET',
        path: '/v1/verdicts',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'bench',
      },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  } as ApiEvent;
}

/** Runs `work` `n` times one after another; the durations in ms, sorted. */
export async function timed(n: number, work: (i: number) => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await work(i);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}
