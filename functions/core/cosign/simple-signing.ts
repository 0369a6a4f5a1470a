import { InvalidInputError } from '../errors';
import { fromUtf8, utf8 } from './bytes';

export const SIMPLE_SIGNING_TYPE = 'cosign container image signature';

/** What a cosign simple-signing payload claims: this repository's manifest has this digest. */
export interface SimpleSigningClaim {
  readonly dockerReference: string;
  readonly manifestDigest: string;
}

/**
 * The payload exactly as cosign writes it (key order included): `docker-reference` is the repository
 * without tag or digest, as cosign's identity.
 */
export function simpleSigningPayload(claim: SimpleSigningClaim): Uint8Array {
  return utf8(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': claim.dockerReference },
        image: { 'docker-manifest-digest': claim.manifestDigest },
        type: SIMPLE_SIGNING_TYPE,
      },
      optional: null,
    }),
  );
}

/**
 * Parses a payload as strictly as containers/image does: top level exactly `critical` and `optional`;
 * `critical` exactly `type`, `image`, `identity`; `image` exactly `docker-manifest-digest`.
 */
export function parseSimpleSigningPayload(bytes: Uint8Array): SimpleSigningClaim {
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new InvalidInputError('signature payload is not JSON', { cause });
  }
  const top = exactObject(doc, ['critical', 'optional'], 'payload', ['optional']);
  const critical = exactObject(top.critical, ['type', 'image', 'identity'], 'critical');
  if (critical.type !== SIMPLE_SIGNING_TYPE) {
    throw new InvalidInputError(
      `payload type is ${JSON.stringify(critical.type)}, not "${SIMPLE_SIGNING_TYPE}"`,
    );
  }
  const image = exactObject(critical.image, ['docker-manifest-digest'], 'critical.image');
  const identity = exactObject(critical.identity, ['docker-reference'], 'critical.identity');
  const manifestDigest = image['docker-manifest-digest'];
  const dockerReference = identity['docker-reference'];
  if (typeof manifestDigest !== 'string' || typeof dockerReference !== 'string') {
    throw new InvalidInputError('payload digest and reference must be strings');
  }
  return { dockerReference, manifestDigest };
}

function exactObject(
  value: unknown,
  keys: readonly string[],
  where: string,
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidInputError(`payload ${where} is not an object`);
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !keys.includes(k));
  const absent = keys.filter((k) => !(k in record) && !optional.includes(k));
  if (extra.length > 0 || absent.length > 0) {
    throw new InvalidInputError(
      `payload ${where} must hold exactly ${keys.join(', ')}` +
        (extra.length ? `; unexpected ${extra.join(', ')}` : '') +
        (absent.length ? `; missing ${absent.join(', ')}` : ''),
    );
  }
  return record;
}
