import { KmsError, memberLabel, validationError } from './kms-errors';

/** A decoded JSON request body. */
export type RequestBody = Readonly<Record<string, unknown>>;

/** Parses a request body; AWS answers malformed JSON with a SerializationException. */
export function parseBody(raw: string): RequestBody {
  let parsed: unknown;
  try {
    parsed = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new KmsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KmsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return parsed as RequestBody;
}

/** A string member that may be left out. */
export function optionalString(body: RequestBody, member: string): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new KmsError('SerializationException', `Expected a string for member '${member}'.`);
  }
  return value;
}

/** A string member the operation cannot do without. */
export function requiredString(body: RequestBody, member: string): string {
  const value = optionalString(body, member);
  if (value === undefined) {
    throw validationError(
      `Value null at '${memberLabel(member)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  if (value.length === 0) {
    throw validationError(
      `Value '' at '${memberLabel(member)}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  return value;
}

/** A boolean member that may be left out. */
export function optionalBoolean(body: RequestBody, member: string): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw new KmsError('SerializationException', `Expected a boolean for member '${member}'.`);
  }
  return value;
}

/** A string member restricted to the values of one of the service's enums. */
export function optionalEnum<T extends string>(
  body: RequestBody,
  member: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(body, member);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw validationError(
      `Value '${value}' at '${memberLabel(member)}' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }
  return value as T;
}

/** Like {@link optionalEnum}, for a member the operation cannot do without. */
export function requiredEnum<T extends string>(body: RequestBody, member: string, allowed: readonly T[]): T {
  const value = optionalEnum(body, member, allowed);
  if (value === undefined) {
    throw validationError(
      `Value null at '${memberLabel(member)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A blob member (base64 on the wire) with the model's length bounds. */
export function requiredBlob(
  body: RequestBody,
  member: string,
  bounds: { min: number; max: number },
): Buffer {
  const encoded = body[member];
  const label = memberLabel(member);
  if (encoded === undefined || encoded === null) {
    throw validationError(`Value null at '${label}' failed to satisfy constraint: Member must not be null`);
  }
  if (typeof encoded !== 'string' || !BASE64.test(encoded)) {
    throw new KmsError('SerializationException', `Member '${member}' is not valid base64.`);
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length < bounds.min) {
    throw validationError(
      `Value at '${label}' failed to satisfy constraint: Member must have length greater than or equal to ${bounds.min}`,
    );
  }
  if (bytes.length > bounds.max) {
    throw validationError(
      `Value at '${label}' failed to satisfy constraint: Member must have length less than or equal to ${bounds.max}`,
    );
  }
  return bytes;
}
