import { InvalidInputError } from '../../core/errors';
import { lookupMany } from '../../core/lookup/lookup-many';
import { lookupVerdict } from '../../core/lookup/lookup-verdict';
import { jsonResult } from '../../http/http-response';
import { parseBody, readJsonBody } from '../../http/http-request';
import { batchRequestSchema, MAX_BATCH_IMAGES } from '../schemas/request-schemas';
import { batchResponseSchema } from '../schemas/response-schemas';
import { verdictAnswerSchema } from '../schemas/verdict-answer-schema';
import { AUTH_RESPONSES, BODY_RESPONSES, STORE_RESPONSES, type Route } from './route';

/** `GET /v1/verdicts?image=REF`: the verdict for one digest reference. */
export const getVerdictRoute: Route = {
  method: 'GET',
  path: '/v1/verdicts',
  operationId: 'getVerdict',
  summary: 'May this digest run?',
  description:
    'One DynamoDB read (none when the allowlist already denies). A tag-only reference is refused: find the digest with `image-trust resolve REF`.',
  query: [
    { name: 'image', required: true, description: 'registry/repository@sha256:HEX (a tag may be given too)' },
  ],
  responses: {
    200: { description: 'The answer (allowed only when VERIFIED)', schema: verdictAnswerSchema },
    400: { ...BODY_RESPONSES[400], description: 'No image, several, a malformed reference, or no digest' },
    ...AUTH_RESPONSES,
    ...STORE_RESPONSES,
  },
  async handle({ event, deps }) {
    const images = new URLSearchParams(event.rawQueryString ?? '').getAll('image');
    if (images.length === 0) {
      throw new InvalidInputError(
        "the query parameter 'image' is required: GET /v1/verdicts?image=REGISTRY/REPOSITORY@sha256:HEX",
      );
    }
    if (images.length > 1) {
      throw new InvalidInputError(
        `give one 'image' (got ${images.length}); POST /v1/verdicts:batch answers up to ${MAX_BATCH_IMAGES}`,
      );
    }
    return jsonResult(200, await lookupVerdict(deps, images[0] ?? ''));
  },
};

/** `POST /v1/verdicts:batch`: the same for up to 100 references, one read per distinct image. */
export const batchVerdictsRoute: Route = {
  method: 'POST',
  path: '/v1/verdicts:batch',
  operationId: 'batchVerdicts',
  summary: 'May these digests run?',
  description:
    'Up to 100 references; one read per distinct image in one BatchGetItem. An invalid reference gets an error result, the others their answers.',
  requestBody: batchRequestSchema,
  responses: {
    200: { description: 'One result per reference, in order', schema: batchResponseSchema },
    ...BODY_RESPONSES,
    ...AUTH_RESPONSES,
    ...STORE_RESPONSES,
  },
  async handle({ event, deps }) {
    const { images } = parseBody(batchRequestSchema, readJsonBody(event), 'batch request');
    const outcomes = await lookupMany(deps, images);
    const failed = outcomes.find((o) => o.problem !== undefined && o.problem.code !== 'INVALID_INPUT');
    if (failed?.problem !== undefined) throw failed.problem;
    return jsonResult(200, {
      results: outcomes.map((o) =>
        o.problem === undefined
          ? { input: o.input, answer: o.answer }
          : { input: o.input, error: { code: 'INVALID_INPUT', message: o.problem.message } },
      ),
    });
  },
};
