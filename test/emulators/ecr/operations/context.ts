/** What every operation handler reads: the emulator's settings and state, and request validation. */
import { z } from 'zod';
import { ecrErrors } from '../errors';
import type { ImageCatalog, ImageRecord } from '../images';
import type { ScanStore } from '../scan-store';
import type { ImageIdentifier, JsonObject } from '../wire';

/** GetAuthorizationToken's answer; tests may change it while the emulator runs. */
export interface AuthSettings {
  /** The password inside `base64("AWS:<password>")`. */
  password: string;
  /** How far ahead `expiresAt` lies (ECR: 12 hours). */
  tokenTtlMs: number;
}

export interface EcrContext {
  readonly registryId: string;
  readonly region: string;
  /** The registry this control plane fronts, e.g. `http://127.0.0.1:5000` (the `proxyEndpoint`). */
  readonly registryUrl: string;
  readonly auth: AuthSettings;
  readonly images: ImageCatalog;
  readonly scans: ScanStore;
  /** Epoch milliseconds. */
  readonly now: () => number;
}

/** Answers one operation: validated input in, response JSON out; throws EcrApiError. */
export type OperationHandler = (input: unknown, context: EcrContext) => JsonObject;

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const registryIdSchema = z.string().regex(/^[0-9]{12}$/);
export const repositoryNameSchema = z.string().min(2).max(256).regex(REPOSITORY_NAME);
export const imageIdSchema = z
  .object({
    imageDigest: z
      .string()
      .regex(/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/)
      .optional(),
    imageTag: z.string().min(1).max(300).optional(),
  })
  .refine((id) => id.imageDigest !== undefined || id.imageTag !== undefined, 'imageDigest or imageTag');

/** Validates a request body; a violation answers InvalidParameterException as ECR words it. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue?.path.map(String).join('.') || 'request';
  throw ecrErrors.invalidParameter(
    `Invalid parameter at '${at}' failed to satisfy constraint: '${issue?.message ?? 'invalid'}'`,
  );
}

/** The repository of a request; RepositoryNotFoundException for another registry or an unknown name. */
export function requireRepository(context: EcrContext, repositoryName: string, registryId?: string): void {
  const registry = registryId ?? context.registryId;
  if (registry !== context.registryId || !context.images.hasRepository(repositoryName))
    throw ecrErrors.repositoryNotFound(registry, repositoryName);
}

/** The image a request names; ImageNotFoundException when the repository has none such. */
export function requireImage(context: EcrContext, repositoryName: string, id: ImageIdentifier): ImageRecord {
  const image = context.images.find(repositoryName, id);
  if (!image) throw ecrErrors.imageNotFound(context.registryId, repositoryName, id);
  return image;
}

/** The request fields of the operations about one image: where it is and which it is. */
export const oneImageInput = z.object({
  registryId: registryIdSchema.optional(),
  repositoryName: repositoryNameSchema,
  imageId: imageIdSchema,
});

/** The image a one-image request names, after the repository and image checks ECR makes, in its order. */
export function requireRequestImage(
  context: EcrContext,
  request: z.infer<typeof oneImageInput>,
): ReturnType<typeof requireImage> {
  requireRepository(context, request.repositoryName, request.registryId);
  return requireImage(context, request.repositoryName, request.imageId);
}
