import * as z from 'zod';
import { parseRuntimeConfig } from '../core/config/parse-runtime-config';
import type { RuntimeConfig } from '../core/config/runtime-config';
import { InvalidInputError } from '../core/errors';
import {
  DEAD_LETTER_QUEUE_URL,
  LOOKUP_TIMEOUT_MS,
  MAX_RECEIVE_COUNT,
  MTLS_ALLOWED_SUBJECTS,
  RUNTIME_CONFIG,
  SEAL_KEY_IDS,
  SIGNER_QUEUE_URL,
  OTHER_SIGNING_KEYS,
  RECORDS_IN_FLIGHT,
  SIGNING_KEY_ID,
  TABLE_NAME,
  WEBHOOK_CREDENTIAL_SECRET,
} from './environment-names';

/** What every pipeline function (event intake, signer, reconciler) runs with. */
export interface PipelineEnvironment {
  readonly config: RuntimeConfig;
  readonly tableName: string;
  /** Where signing work is handed; the signer itself has none. */
  readonly signerQueueUrl?: string;
  /** Every queue-fed function has one (the reconciler has none). */
  readonly deadLetterQueueUrl?: string;
  readonly maxReceiveCount: number;
  /** How many records of a batch run at once (RECORDS_IN_FLIGHT). */
  readonly recordsInFlight: number;
}

/** A key of the key set that does not sign: still trusted (`verifying`) or no longer (`retired`). */
export interface OtherSigningKey {
  readonly keyId: string;
  readonly state: 'verifying' | 'retired';
}

/** The signer: the pipeline's environment, the key it signs with and the key set's other keys. */
export interface SignerEnvironment extends PipelineEnvironment {
  readonly signingKeyId: string;
  readonly otherSigningKeys: readonly OtherSigningKey[];
}

/** The lookup API: the table it reads, the configuration, its time budget and accepted certificates. */
export interface LookupApiEnvironment {
  readonly config: RuntimeConfig;
  readonly tableName: string;
  readonly timeoutMs: number;
  /** The accepted client certificate subjects; empty: every client certificate is refused. */
  readonly allowedClientSubjects: readonly string[];
  /** The KMS key ids (ARN or alias) whose public keys verify verdict seals: at least one. */
  readonly sealKeyIds: readonly string[];
}

/** The admission webhook endpoint: the lookup's environment and the secret holding its credentials. */
export interface AdmissionWebhookEnvironment extends LookupApiEnvironment {
  readonly credentialSecretId: string;
}

/** The admin API: the table it writes and the signer's queue, where re-evaluations go. */
export interface AdminApiEnvironment {
  readonly tableName: string;
  readonly signerQueueUrl: string;
}

/** The default lookup budget: well inside Gatekeeper's provider timeout (2 s) and the webhook's (5 s). */
export const DEFAULT_LOOKUP_TIMEOUT_MS = 1000;
/** As lib/pipeline/work-queue.ts sets it when a queue says nothing else. */
const DEFAULT_MAX_RECEIVE_COUNT = 5;
/** A batch of the largest size an event source sends without a batching window, all at once. */
export const DEFAULT_RECORDS_IN_FLIGHT = 10;

const required = (name: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${name} is not set` : `${name} must be text`) })
    .min(1, `${name} is empty`);
const optional = (name: string) =>
  z.string().optional().transform(emptyAsUnset).pipe(required(name).optional());
const emptyAsUnset = (value: string | undefined) => (value === '' ? undefined : value);

const integer = (name: string, min: number, max: number, fallback: number) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text === '') return fallback;
      const value = Number(text);
      if (Number.isInteger(value) && value >= min && value <= max) return value;
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be an integer from ${min} to ${max}, got ${text}`,
      });
      return z.NEVER;
    });

/** `MTLS_ALLOWED_SUBJECTS`: a JSON array of subject DNs, e.g. `["CN=gatekeeper,O=platform"]` (a DN holds commas). */
const subjects = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `${MTLS_ALLOWED_SUBJECTS} must be a JSON array of subject DNs`,
      });
      return z.NEVER;
    }
    if (!Array.isArray(parsed) || !parsed.every((s): s is string => typeof s === 'string' && s !== '')) {
      ctx.addIssue({
        code: 'custom',
        message: `${MTLS_ALLOWED_SUBJECTS} must be a JSON array of non-empty subject DNs`,
      });
      return z.NEVER;
    }
    return parsed;
  });

/** `OTHER_SIGNING_KEYS`: a JSON array of `{keyId, state: verifying | retired}`; unset or empty: none. */
const otherKeys = z
  .string()
  .optional()
  .transform((text, ctx): unknown => {
    if (text === undefined || text.trim() === '') return [];
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${OTHER_SIGNING_KEYS} must be JSON` });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(
      z.strictObject({
        keyId: z.string().min(1, `${OTHER_SIGNING_KEYS}: a key id is empty`),
        state: z.enum(['verifying', 'retired'], {
          error: `${OTHER_SIGNING_KEYS}: a key's state is verifying or retired (the active key is ${SIGNING_KEY_ID})`,
        }),
      }),
      { error: `${OTHER_SIGNING_KEYS} must be a JSON array of {keyId, state}` },
    ),
  );

/** `SEAL_KEY_IDS`: a JSON array of one or more KMS key ids (required: without keys nothing is VERIFIED). */
const sealKeyIds = required(SEAL_KEY_IDS)
  .transform((text, ctx): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${SEAL_KEY_IDS} must be JSON` });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(z.string().min(1, `${SEAL_KEY_IDS}: a key id is empty`), {
        error: `${SEAL_KEY_IDS} must be a JSON array of KMS key ids`,
      })
      .min(1, `${SEAL_KEY_IDS} names no key`),
  );

const config = required(RUNTIME_CONFIG).transform((text, ctx) => {
  try {
    return parseRuntimeConfig(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `${RUNTIME_CONFIG}: ${(error as Error).message}` });
    return z.NEVER;
  }
});

const pipeline = {
  [RUNTIME_CONFIG]: config,
  [TABLE_NAME]: required(TABLE_NAME),
  [MAX_RECEIVE_COUNT]: integer(MAX_RECEIVE_COUNT, 1, 1000, DEFAULT_MAX_RECEIVE_COUNT),
  [RECORDS_IN_FLIGHT]: integer(RECORDS_IN_FLIGHT, 1, 1000, DEFAULT_RECORDS_IN_FLIGHT),
};
const pipelineOut = (e: z.infer<z.ZodObject<typeof pipeline>>) => ({
  config: e[RUNTIME_CONFIG],
  tableName: e[TABLE_NAME],
  maxReceiveCount: e[MAX_RECEIVE_COUNT],
  recordsInFlight: e[RECORDS_IN_FLIGHT],
});

/**
 * What each function reads from its environment, by its folder under functions/. A required variable
 * that is missing or empty fails the function's cold start with an error that names it.
 */
export const FUNCTION_ENVIRONMENTS = {
  /** ECR Image Action and Inspector2 Finding: a hand-off queue only where the deployment gives one. */
  'event-intake': z
    .object({
      ...pipeline,
      [DEAD_LETTER_QUEUE_URL]: required(DEAD_LETTER_QUEUE_URL),
      [SIGNER_QUEUE_URL]: optional(SIGNER_QUEUE_URL),
    })
    .transform((e): PipelineEnvironment => ({
      ...pipelineOut(e),
      deadLetterQueueUrl: e[DEAD_LETTER_QUEUE_URL],
      signerQueueUrl: e[SIGNER_QUEUE_URL],
    })),
  signer: z
    .object({
      ...pipeline,
      [DEAD_LETTER_QUEUE_URL]: required(DEAD_LETTER_QUEUE_URL),
      [SIGNING_KEY_ID]: required(SIGNING_KEY_ID),
      [OTHER_SIGNING_KEYS]: otherKeys,
    })
    .transform((e): SignerEnvironment => ({
      ...pipelineOut(e),
      deadLetterQueueUrl: e[DEAD_LETTER_QUEUE_URL],
      signingKeyId: e[SIGNING_KEY_ID],
      otherSigningKeys: e[OTHER_SIGNING_KEYS],
    })),
  reconciler: z
    .object({ ...pipeline, [SIGNER_QUEUE_URL]: required(SIGNER_QUEUE_URL) })
    .transform((e): PipelineEnvironment => ({ ...pipelineOut(e), signerQueueUrl: e[SIGNER_QUEUE_URL] })),
  'lookup-api': z
    .object({
      [RUNTIME_CONFIG]: config,
      [TABLE_NAME]: required(TABLE_NAME),
      [LOOKUP_TIMEOUT_MS]: integer(LOOKUP_TIMEOUT_MS, 50, 10_000, DEFAULT_LOOKUP_TIMEOUT_MS),
      [MTLS_ALLOWED_SUBJECTS]: subjects,
      [SEAL_KEY_IDS]: sealKeyIds,
    })
    .transform((e): LookupApiEnvironment => ({
      config: e[RUNTIME_CONFIG],
      tableName: e[TABLE_NAME],
      timeoutMs: e[LOOKUP_TIMEOUT_MS],
      allowedClientSubjects: e[MTLS_ALLOWED_SUBJECTS],
      sealKeyIds: e[SEAL_KEY_IDS],
    })),
  'admission-webhook': z
    .object({
      [RUNTIME_CONFIG]: config,
      [TABLE_NAME]: required(TABLE_NAME),
      [LOOKUP_TIMEOUT_MS]: integer(LOOKUP_TIMEOUT_MS, 50, 10_000, DEFAULT_LOOKUP_TIMEOUT_MS),
      [WEBHOOK_CREDENTIAL_SECRET]: required(WEBHOOK_CREDENTIAL_SECRET),
      [SEAL_KEY_IDS]: sealKeyIds,
    })
    .transform((e): AdmissionWebhookEnvironment => ({
      config: e[RUNTIME_CONFIG],
      tableName: e[TABLE_NAME],
      timeoutMs: e[LOOKUP_TIMEOUT_MS],
      sealKeyIds: e[SEAL_KEY_IDS],
      // The webhook authenticates by its credential in the path: no client certificate is ever accepted.
      allowedClientSubjects: [],
      credentialSecretId: e[WEBHOOK_CREDENTIAL_SECRET],
    })),
  'admin-api': z
    .object({ [TABLE_NAME]: required(TABLE_NAME), [SIGNER_QUEUE_URL]: required(SIGNER_QUEUE_URL) })
    .transform((e): AdminApiEnvironment => ({
      tableName: e[TABLE_NAME],
      signerQueueUrl: e[SIGNER_QUEUE_URL],
    })),
} as const;

export type FunctionName = keyof typeof FUNCTION_ENVIRONMENTS;
export type FunctionEnvironment<F extends FunctionName> = z.output<(typeof FUNCTION_ENVIRONMENTS)[F]>;

/**
 * The environment of function `name`, parsed and checked: called once per cold start.
 *
 * @throws InvalidInputError naming every variable that is missing, empty or invalid
 */
export function functionEnvironment<F extends FunctionName>(
  name: F,
  env: NodeJS.ProcessEnv = process.env,
): FunctionEnvironment<F> {
  const result = FUNCTION_ENVIRONMENTS[name].safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => i.message);
    throw new InvalidInputError(`the ${name} function's environment: ${problems.join('; ')}`);
  }
  return result.data as FunctionEnvironment<F>;
}
