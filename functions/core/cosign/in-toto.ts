import { InvalidInputError } from '../errors';
import { fromUtf8, utf8 } from './bytes';
import { COSIGN_SIGN_PREDICATE, IN_TOTO_STATEMENT_V1 } from './media-types';

export interface StatementSubject {
  readonly name?: string;
  readonly digest: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface Statement {
  readonly _type: string;
  readonly subject: readonly StatementSubject[];
  readonly predicateType: string;
  readonly predicate?: unknown;
}

const hexOf = (digest: string): string => digest.replace(/^sha256:/, '');

/** cosign 3's image signature statement, byte for byte as cosign writes it: no name, no predicate. */
export function signStatement(imageDigest: string): Uint8Array {
  return utf8(
    JSON.stringify({
      _type: IN_TOTO_STATEMENT_V1,
      subject: [{ digest: { sha256: hexOf(imageDigest) }, annotations: {} }],
      predicateType: COSIGN_SIGN_PREDICATE,
    }),
  );
}

/** An attestation statement about one image, named by its repository as cosign names it. */
export function attestationStatement(
  repositoryName: string,
  imageDigest: string,
  predicateType: string,
  predicate: unknown,
): Uint8Array {
  return utf8(
    JSON.stringify({
      _type: IN_TOTO_STATEMENT_V1,
      predicateType,
      subject: [{ name: repositoryName, digest: { sha256: hexOf(imageDigest) } }],
      predicate,
    }),
  );
}

export function parseStatement(bytes: Uint8Array): Statement {
  let doc: unknown;
  try {
    doc = JSON.parse(fromUtf8(bytes));
  } catch (cause) {
    throw new InvalidInputError('in-toto statement is not JSON', { cause });
  }
  const s = doc as Partial<Statement> | null;
  if (!s || typeof s._type !== 'string' || typeof s.predicateType !== 'string' || !Array.isArray(s.subject)) {
    throw new InvalidInputError('in-toto statement lacks _type, predicateType or subject');
  }
  return s as Statement;
}

/** Whether the statement is about exactly this image digest. */
export function statementCovers(statement: Statement, imageDigest: string): boolean {
  return statement.subject.some((subject) => subject.digest?.sha256 === hexOf(imageDigest));
}
