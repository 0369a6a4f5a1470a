import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Why the local server refuses a request before it reaches a handler. */
export interface Refusal {
  readonly status: 403 | 415;
  readonly code: 'FORBIDDEN_HOST' | 'FORBIDDEN_ORIGIN' | 'UNSUPPORTED_MEDIA_TYPE' | 'UNAUTHORIZED';
  readonly message: string;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** `application/json`, or any `+json` type (the registry's events are `application/vnd.docker.distribution.events.v1+json`). */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The local API listens on loopback without authentication, so it must not be reachable through a
 * browser: a Host that is not loopback (DNS rebinding: a page on evil.example whose name now points at
 * 127.0.0.1), an Origin other than the server's own, and a POST whose body is not JSON (a form a page
 * may send cross-site without a preflight) are refused.
 */
export function refuseRequest(
  headers: IncomingHttpHeaders,
  method: string,
  port: number,
): Refusal | undefined {
  const host = headers.host ?? '';
  const hostName = host.replace(/:\d+$/, '').toLowerCase();
  if (!LOOPBACK_NAMES.has(hostName))
    return { status: 403, code: 'FORBIDDEN_HOST', message: 'the local API answers only to a loopback Host' };
  const origin = headers.origin;
  if (origin !== undefined && !sameLoopbackOrigin(origin, port))
    return { status: 403, code: 'FORBIDDEN_ORIGIN', message: 'the local API answers no other origin' };
  if (method === 'POST' && !JSON_TYPE.test(headers['content-type'] ?? ''))
    return {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'a POST body must be JSON (application/json)',
    };
  return undefined;
}

function sameLoopbackOrigin(origin: string, port: number): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && LOOPBACK_NAMES.has(url.hostname) && Number(url.port) === port;
  } catch {
    return false;
  }
}

/**
 * Whether `Authorization: Bearer <token>` names the registry's notification token, compared in constant
 * time (both sides hashed first, so their lengths do not leak either).
 */
export function hasNotificationToken(headers: IncomingHttpHeaders, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(headers.authorization ?? '')?.[1] ?? '';
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token)) && given.length > 0;
}
