import * as z from 'zod';

/** The EventBridge envelope around every AWS event (fields image-trust reads). */
export const eventBridgeEnvelope = z.looseObject({
  version: z.string().optional(),
  id: z.string().min(1).max(256),
  'detail-type': z.string().min(1).max(128),
  source: z.string().min(1).max(128),
  account: z.string().regex(/^\d{12}$/, 'a 12-digit account id'),
  time: z.iso.datetime({ offset: true }),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region'),
  resources: z.array(z.string()).optional(),
  detail: z.unknown(),
});

export type EventBridgeEnvelope = z.infer<typeof eventBridgeEnvelope>;
