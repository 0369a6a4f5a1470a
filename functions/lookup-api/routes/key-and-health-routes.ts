import { publishedKeySet } from '../../core/lookup/published-key-set';
import { publishedPublicKey } from '../../core/lookup/published-public-key';
import { jsonResult, textResult } from '../../http/http-response';
import { errorBodySchema, healthSchema, keySetSchema, publicKeyPemSchema } from '../schemas/response-schemas';
import { AUTH_RESPONSES, STORE_RESPONSES, type Route } from './route';

/** The media type of `cosign.pub`. */
export const PEM_MEDIA_TYPE = 'application/x-pem-file';

/** `GET /v1/public-key`: cosign.pub, for `cosign verify --key` and admission controllers. */
export const publicKeyRoute: Route = {
  method: 'GET',
  path: '/v1/public-key',
  operationId: 'getPublicKey',
  summary: 'The public key images are signed with (cosign.pub)',
  description: 'PEM SubjectPublicKeyInfo; the signing key id is in the x-image-trust-key-id header.',
  responses: {
    200: {
      description: 'cosign.pub',
      schema: publicKeyPemSchema,
      contentType: PEM_MEDIA_TYPE,
      headers: { 'x-image-trust-key-id': 'The signing key id (a KMS key ARN)' },
    },
    404: { description: 'No key has been published yet', schema: errorBodySchema },
    ...AUTH_RESPONSES,
    ...STORE_RESPONSES,
  },
  async handle({ deps }) {
    const key = await publishedPublicKey(deps);
    const pem = key.pem.endsWith('\n') ? key.pem : `${key.pem}\n`;
    return textResult(200, PEM_MEDIA_TYPE, pem, { 'x-image-trust-key-id': key.keyId });
  },
};

/** `GET /v1/public-keys`: every key of the key set with its id and state, for rotations. */
export const publicKeysRoute: Route = {
  method: 'GET',
  path: '/v1/public-keys',
  operationId: 'listPublicKeys',
  summary: 'Every signing key with its id and state (active, verifying, retired)',
  description:
    'Verifiers should trust every key that is not retired: during a rotation images carry signatures by the old key, the new one, or both.',
  responses: {
    200: { description: 'The key set', schema: keySetSchema },
    404: { description: 'No key set has been published yet', schema: errorBodySchema },
    ...AUTH_RESPONSES,
    ...STORE_RESPONSES,
  },
  async handle({ deps }) {
    const keys = await publishedKeySet(deps);
    return jsonResult(200, {
      keys: keys.map(({ keyId, state, fingerprint, pem }) => ({
        keyId,
        state,
        fingerprint,
        pem: pem.endsWith('\n') ? pem : `${pem}\n`,
      })),
    });
  },
};

/** `GET /healthz`: the function answers (no store read: liveness only). */
export const healthRoute: Route = {
  method: 'GET',
  path: '/healthz',
  operationId: 'health',
  summary: 'Liveness',
  description: 'Answers without touching the store.',
  responses: {
    200: { description: 'Alive', schema: healthSchema },
    ...AUTH_RESPONSES,
  },
  handle() {
    return Promise.resolve(jsonResult(200, { status: 'ok' }));
  },
};
