import { PerformanceObserver } from 'node:perf_hooks';
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

/** One path's durations (ms, sorted) and the garbage collection pauses of this process during them. */
export interface PathTimes {
  readonly times: number[];
  /** Calls during which a GC pause of this process began or ended. */
  readonly callsHitByGc: number;
  /** The GC pauses inside this path's calls, summed, in ms. */
  readonly gcMs: number;
}

/**
 * Runs each of `paths` `n` times, one call at a time, taking turns (the order rotates every round), so
 * that every path sees the same machine: these machines are shared, and a path measured in a block of
 * its own would get a busier or a quieter minute than the other. GC pauses of this process (it runs the
 * proxies, the handler and the verifier) are attributed to the calls they fall in.
 */
export async function interleaved<K extends string>(
  n: number,
  paths: Record<K, (i: number) => Promise<void>>,
): Promise<Record<K, PathTimes>> {
  const names = Object.keys(paths) as K[];
  const calls = new Map<K, { start: number; end: number }[]>(names.map((k) => [k, []]));
  const pauses: { start: number; end: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < names.length; j++) {
        const name = names[(i + j) % names.length]!;
        const start = performance.now();
        await paths[name](i);
        calls.get(name)!.push({ start, end: performance.now() });
      }
    }
    await new Promise((resolve) => setImmediate(resolve)); // the observer's last entries
  } finally {
    observer.disconnect();
  }
  const result = {} as Record<K, PathTimes>;
  for (const name of names) {
    let callsHitByGc = 0;
    let gcMs = 0;
    for (const call of calls.get(name)!) {
      const inside = pauses.filter((p) => p.end > call.start && p.start < call.end);
      if (inside.length > 0) callsHitByGc += 1;
      for (const p of inside) gcMs += Math.min(p.end, call.end) - Math.max(p.start, call.start);
    }
    const times = calls.get(name)!.map((c) => c.end - c.start);
    result[name] = { times: times.sort((a, b) => a - b), callsHitByGc, gcMs };
  }
  return result;
}
