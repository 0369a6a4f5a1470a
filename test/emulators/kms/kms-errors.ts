/**
 * The errors the emulator sends, shaped as AWS KMS sends them: HTTP 400 (500 for internal faults)
 * with `{"__type":"<Name>","message":"..."}`. The AWS SDKs turn `__type` into the exception class.
 */

/** The `__type` names the emulator can answer with. */
export type KmsErrorType =
  | 'AlreadyExistsException'
  | 'DisabledException'
  | 'DryRunOperationException'
  | 'IncompleteSignatureException'
  | 'InvalidKeyUsageException'
  | 'InvalidSignatureException'
  | 'KMSInternalException'
  | 'KMSInvalidSignatureException'
  | 'MissingAuthenticationTokenException'
  | 'NotAuthorizedException'
  | 'NotFoundException'
  | 'SerializationException'
  | 'ThrottlingException'
  | 'UnknownOperationException'
  | 'UnsupportedOperationException'
  | 'ValidationException';

/** An error the emulator answers a request with. */
export class KmsError extends Error {
  constructor(
    readonly type: KmsErrorType,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = type;
  }

  /** The JSON body as AWS KMS sends it. */
  toWire(): { __type: KmsErrorType; message: string } {
    return { __type: this.type, message: this.message };
  }
}

/** The message AWS uses for request members that break a model constraint. */
export function validationError(constraint: string): KmsError {
  return new KmsError('ValidationException', `1 validation error detected: ${constraint}`);
}

/** AWS names members in validation messages in lower camel case (`KeyId` becomes `keyId`). */
export function memberLabel(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

/** Turns anything thrown while handling a request into the error the client should see. */
export function asKmsError(error: unknown): KmsError {
  if (error instanceof KmsError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new KmsError('KMSInternalException', `emulator failure: ${detail}`, 500);
}
