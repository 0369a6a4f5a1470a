/**
 * The HTTP side of the emulator: `POST /` with `X-Amz-Target` and an AWS JSON 1.1 body, answered
 * after the fault injector has had its say. Every request is counted.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { CallCounter } from './calls';
import { dispatch, operationOf } from './dispatch';
import { EcrApiError, ecrErrors } from './errors';
import type { FaultInjector } from './faults';
import type { EcrContext } from './operations/context';
import type { JsonObject } from './wire';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface ServerParts {
  readonly context: EcrContext;
  readonly faults: FaultInjector;
  readonly calls: CallCounter;
}

/** An HTTP server that answers ECR control-plane calls (not yet listening). */
export function createEcrServer(parts: ServerParts): Server {
  return createServer((req, res) => {
    handle(req, res, parts).catch((error: unknown) => {
      send(res, error instanceof EcrApiError ? error : ecrErrors.server(String(error)));
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, parts: ServerParts): Promise<void> {
  const body = await readBody(req);
  const target = req.headers['x-amz-target'];
  const operation = operationOf(typeof target === 'string' ? target : undefined);
  if (req.method !== 'POST' || req.url !== '/' || !operation)
    return send(res, ecrErrors.unknownOperation(String(target)));
  // The SDK always signs; an unsigned request is a misconfigured client (no signature check beyond this).
  if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) {
    parts.calls.record({ operation, error: 'MissingAuthenticationTokenException' });
    return send(res, ecrErrors.missingAuthentication());
  }
  const decision = parts.faults.decide(operation);
  if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
  let answer: JsonObject | EcrApiError;
  try {
    if (decision.error) throw decision.error;
    answer = dispatch(operation, parseJson(body), parts.context);
  } catch (error) {
    if (!(error instanceof EcrApiError)) throw error;
    answer = error;
  }
  parts.calls.record({ operation, error: answer instanceof EcrApiError ? answer.type : undefined });
  send(res, answer);
}

function parseJson(body: string): unknown {
  try {
    return body === '' ? {} : (JSON.parse(body) as unknown);
  } catch {
    throw ecrErrors.serialization('Request body is not valid JSON');
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, answer: JsonObject | EcrApiError): void {
  const [status, payload] =
    answer instanceof EcrApiError
      ? [answer.status, { __type: answer.type, message: answer.message }]
      : [200, answer];
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}
