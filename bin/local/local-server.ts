import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { InvalidInputError } from '../../functions/core/errors';
import { parseRegistryNotification } from '../../functions/core/events/registry-notification';
import { WEBHOOK_ROUTE_KEY } from '../../functions/admission-webhook/webhook-request-handler';
import { toApiGatewayEvent, type ApiHandler } from './api-gateway-event';
import { hasNotificationToken, refuseRequest } from './request-guard';
import type { WorkQueue } from './work-queue';

/** Where the local registry POSTs its notifications. */
export const NOTIFICATIONS_PATH = '/local/registry-notifications';
/** The EKS admission webhook's path (`/v1/admission/{credential}`), as its API serves it in AWS. */
const WEBHOOK_PATH = /^\/v1\/admission\/([^/]+)$/;
const MAX_BODY_BYTES = 1024 * 1024;

export interface LocalServerOptions {
  readonly host: string;
  readonly port: number;
  readonly registryHost: string;
  /** The registry sends it as `Authorization: Bearer <token>` (its notification endpoint's `headers`). */
  readonly notificationToken: string;
  readonly queue: WorkQueue;
  readonly api: ApiHandler;
  /** The admin routes (`/v1/admin/...`: revoke, re-evaluate), served by their own handler as in AWS. */
  readonly admin: ApiHandler;
  /**
   * The EKS admission webhook endpoint (`POST /v1/admission/{credential}`), served by its own handler as
   * in AWS (its API has that one route); the credential is never written to stderr.
   */
  readonly webhook?: ApiHandler;
  /**
   * Every route's method and path (the API's and the admin API's): a known path asked with another
   * method is answered 405 at once, before any body is read.
   */
  readonly routes?: readonly { readonly method: string; readonly path: string }[];
}

/**
 * The local mode's HTTP front, bound to loopback only: registry notifications (with the registry's token)
 * become pipeline events (answered only once handled, so the registry redelivers what a crash
 * interrupted), every other request goes to the API handler as an API Gateway event. A request that
 * could come from a browser page (a foreign Host or Origin, a POST that is not JSON) is refused first
 * (request-guard.ts). A failure answers 500 with a code and a request id; the error goes to stderr only.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    void handle(options, req, res).catch((error: unknown) => {
      const requestId = `local-${randomUUID()}`;
      const shown = (req.url ?? '').replace(/^\/v1\/admission\/[^/?]+/, '/v1/admission/{credential}');
      process.stderr.write(`${requestId} ${req.method} ${shown}: ${String(error)}\n`);
      send(res, 500, {
        error: { code: 'INTERNAL', message: 'internal error: the request was not answered', requestId },
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

async function handle(options: LocalServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refusal = refuseRequest(req.headers, req.method ?? 'GET', options.port);
  if (refusal !== undefined) return refuse(req, res, refusal.status, { error: refusal });
  const path = new URL(req.url ?? '/', 'http://local').pathname;
  const allow = allowedMethods(options, path);
  if (allow !== undefined && !allow.includes(req.method ?? '')) {
    const message = `${path.slice(0, 100)} answers ${allow.join(', ')}, not ${(req.method ?? '').slice(0, 10)}`;
    return refuse(
      req,
      res,
      405,
      { error: { code: 'METHOD_NOT_ALLOWED', message } },
      { allow: allow.join(', ') },
    );
  }
  const body = await readBody(req);
  if (body === undefined) {
    return refuse(req, res, 413, { message: `request body over ${MAX_BODY_BYTES} bytes` });
  }
  if (path === NOTIFICATIONS_PATH && req.method === 'POST') {
    if (!hasNotificationToken(req.headers, options.notificationToken))
      return send(res, 401, {
        error: { code: 'UNAUTHORIZED', message: 'notifications need the registry token' },
      });
    let events;
    try {
      events = parseRegistryNotification(JSON.parse(body.toString('utf8')), options.registryHost);
    } catch (error) {
      const message = error instanceof InvalidInputError ? error.message : 'notification body is not JSON';
      return send(res, 400, { message });
    }
    // Answered once handled: a crash before this makes the registry deliver again. What failed for good
    // is in the dead-letter file; asking the registry to resend it would only fail again.
    const outcomes = await Promise.all(events.map((event) => options.queue.process(event)));
    return send(res, 200, {
      handled: outcomes.length,
      parked: outcomes.filter((o) => o === undefined).length,
    });
  }
  const event = toApiGatewayEvent(req, body);
  const credential = WEBHOOK_PATH.exec(path)?.[1];
  const result =
    options.webhook !== undefined && credential !== undefined
      ? await options.webhook({
          ...event,
          // As API Gateway routes it: the one route for a POST, none ($default: refused) otherwise.
          ...(req.method === 'POST'
            ? { routeKey: WEBHOOK_ROUTE_KEY, pathParameters: { credential: decoded(credential) } }
            : {}),
        })
      : await (path.startsWith('/v1/admin/') ? options.admin : options.api)(event);
  res.writeHead(result.statusCode ?? 200, (result.headers ?? {}) as Record<string, string>);
  res.end(result.isBase64Encoded && result.body ? Buffer.from(result.body, 'base64') : (result.body ?? ''));
}

/** A path segment decoded, or as it came when it is not valid percent-encoding (then simply refused). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The methods a known path takes (the notification path: POST), or undefined for an unknown path. */
function allowedMethods(options: LocalServerOptions, rawPath: string): string[] | undefined {
  const path = rawPath.replace(/%3A/gi, ':').replace(/(.)\/$/, '$1');
  const routes = [...(options.routes ?? []), { method: 'POST', path: NOTIFICATIONS_PATH }];
  const methods = routes.filter((r) => r.path === path).map((r) => r.method);
  return methods.length === 0 ? undefined : [...new Set(methods)];
}

/**
 * Answers before the body is read (or while part of it is unread) and closes the connection: the
 * rest of the body is never waited for, and the next request on a keep-alive connection goes to a
 * fresh one instead of queueing behind it.
 */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.shouldKeepAlive = false;
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers });
  res.end(JSON.stringify(body), () => req.destroy());
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
