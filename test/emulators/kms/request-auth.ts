import { KmsError } from './kms-errors';

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/**
 * Checks the scope of a request's SigV4 Authorization header as KMS does before anything else: it
 * must be there, and be scoped to this region and the `kms` service. A client configured for another
 * region than the keys' fails here, as it would against AWS. The signature itself is not checked.
 */
export function checkAuthorization(authorization: string | undefined, region: string): void {
  if (!authorization)
    throw new KmsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const scope = CREDENTIAL.exec(authorization);
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ') || !scope) {
    throw new KmsError('IncompleteSignatureException', `Authorization header requires a SigV4 Credential.`);
  }
  const [, , , scopeRegion, service] = scope;
  if (scopeRegion !== region) {
    throw new KmsError(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${scopeRegion}'.`,
    );
  }
  if (service !== 'kms') {
    throw new KmsError('InvalidSignatureException', `Credential should be scoped to correct service: 'kms'.`);
  }
}
