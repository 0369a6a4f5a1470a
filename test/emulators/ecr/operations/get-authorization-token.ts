/** GetAuthorizationToken: a basic-auth token for the fronted registry, `base64("AWS:<password>")`. */
import { z } from 'zod';
import { epochSeconds } from '../wire';
import { parseInput, registryIdSchema, type OperationHandler } from './context';

const input = z.object({ registryIds: z.array(registryIdSchema).min(1).max(10).optional() });

export const getAuthorizationToken: OperationHandler = (body, context) => {
  const request = parseInput(input, body);
  const token = Buffer.from(`AWS:${context.auth.password}`).toString('base64');
  const expiresAt = epochSeconds(context.now() + context.auth.tokenTtlMs);
  // One entry per registry asked for (a deprecated parameter), else one for the caller's registry.
  const registries = request.registryIds ?? [context.registryId];
  return {
    authorizationData: registries.map(() => ({
      authorizationToken: token,
      expiresAt,
      proxyEndpoint: context.registryUrl,
    })),
  };
};
