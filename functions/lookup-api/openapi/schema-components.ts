import * as z from 'zod';
import {
  admissionReviewRequestSchema,
  batchRequestSchema,
  providerRequestSchema,
} from '../schemas/request-schemas';
import {
  admissionReviewResponseSchema,
  batchResponseSchema,
  errorBodySchema,
  healthSchema,
  providerResponseSchema,
  keySetSchema,
  publishedKeySchema,
  publicKeyPemSchema,
} from '../schemas/response-schemas';
import { answerReasonSchema, verdictAnswerSchema } from '../schemas/verdict-answer-schema';

/** Every schema the document names, with its component name. */
export const COMPONENTS: ReadonlyMap<z.ZodType, string> = new Map<z.ZodType, string>([
  [verdictAnswerSchema, 'VerdictAnswer'],
  [answerReasonSchema, 'AnswerReason'],
  [batchRequestSchema, 'BatchRequest'],
  [batchResponseSchema, 'BatchResponse'],
  [providerRequestSchema, 'ProviderRequest'],
  [providerResponseSchema, 'ProviderResponse'],
  [admissionReviewRequestSchema, 'AdmissionReviewRequest'],
  [admissionReviewResponseSchema, 'AdmissionReviewResponse'],
  [publicKeyPemSchema, 'PublicKeyPem'],
  [publishedKeySchema, 'PublishedKey'],
  [keySetSchema, 'KeySet'],
  [healthSchema, 'Health'],
  [errorBodySchema, 'Error'],
]);

export type JsonSchema = Record<string, unknown>;

/** The JSON Schemas (2020-12, as OpenAPI 3.1 uses) of COMPONENTS, referring to each other by `$ref`. */
export function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of COMPONENTS) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars
      const { $schema, $id, ...rest } = schema as JsonSchema;
      return [id, rest];
    }),
  );
}

/** A `$ref` to a component. */
export function refTo(schema: z.ZodType): { $ref: string } {
  const id = COMPONENTS.get(schema);
  if (id === undefined) throw new Error('schema is not a named component: add it to COMPONENTS');
  return { $ref: `#/components/schemas/${id}` };
}
