/**
 * What travels on the wire of the ECR control plane (AWS JSON 1.1): plain JSON, timestamps as epoch
 * seconds, and the opaque `nextToken` of paged operations.
 */
import { ecrErrors } from './errors';
import type { ImageIdentifier } from './image-identifier';

/** A JSON value as it is sent and received. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** The operations this emulator answers. */
export const ECR_OPERATIONS = [
  'GetAuthorizationToken',
  'DescribeImageScanFindings',
  'StartImageScan',
  'DescribeImages',
  'DescribeRepositories',
] as const;
export type EcrOperation = (typeof ECR_OPERATIONS)[number];

/** The `X-Amz-Target` prefix of every ECR operation (the model's `targetPrefix`). */
export const TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921';

export type { ImageIdentifier } from './image-identifier';

/** Epoch milliseconds to the wire's epoch seconds. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** Copies an object without its `undefined` members (JSON has no `undefined`). */
export function compact(members: { [key: string]: Json | undefined }): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(members)) if (value !== undefined) out[key] = value;
  return out;
}

/** The image identifier as the request gave it, for echoing in responses. */
export function imageIdJson(id: ImageIdentifier): JsonObject {
  return compact({ imageDigest: id.imageDigest, imageTag: id.imageTag });
}

interface PageCursor {
  /** What the token pages through (operation and resource), so a token cannot be replayed elsewhere. */
  readonly scope: string;
  readonly offset: number;
}

/** An opaque `nextToken` for the item at `offset` of the list named by `scope`. */
export function encodeNextToken(scope: string, offset: number): string {
  const cursor: PageCursor = { scope, offset };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The offset a `nextToken` points at; InvalidParameterException for a token of another list. */
export function decodeNextToken(token: string | undefined, scope: string): number {
  if (token === undefined) return 0;
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<PageCursor>;
    if (cursor.scope === scope && Number.isInteger(cursor.offset) && (cursor.offset ?? -1) >= 0)
      return cursor.offset as number;
  } catch {
    // falls through to the error below
  }
  throw ecrErrors.invalidParameter(
    "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid token'",
  );
}

/** One page of `items` from `offset`, and the token of the next page when there is one. */
export function page<T>(
  items: readonly T[],
  offset: number,
  size: number,
  scope: string,
): { items: T[]; nextToken?: string } {
  const end = offset + size;
  return end < items.length
    ? { items: items.slice(offset, end), nextToken: encodeNextToken(scope, end) }
    : { items: items.slice(offset) };
}
