import { ImageTrustError } from '../errors';
import { imagesOf, type ContainerImage } from './admission-images';
import { denialMessage, denialWarnings, type DeniedImage } from './admission-messages';
import { admissionModeFor } from './admission-mode';
import {
  ADMISSION_API_VERSION,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReview,
  type AdmissionReviewAnswer,
} from './admission-review';
import type { LookupDeps } from '../lookup/lookup-deps';
import { lookupMany } from '../lookup/lookup-many';
import { oneLine } from './one-line';

/**
 * The validating webhook's answer: every image of the Pod or workload template must pass all four
 * layers (allowlist, digest, scan, signature: a VERIFIED verdict), with one read per distinct image.
 * In an enforce namespace a failing image denies (403, the message naming each image and why); in a
 * warn namespace the object is allowed with one warning per failing image (the migration path);
 * exempt namespaces are not checked. An unknown digest, a store failure or a timeout fails like any
 * other layer: a denial with its reason, or a warning in warn mode, never a silent allow.
 * The request uid is always echoed.
 */
export async function reviewAdmission(
  deps: LookupDeps,
  review: AdmissionReview,
): Promise<AdmissionReviewAnswer> {
  const { request } = review;
  const answer = (response: Omit<AdmissionResponse, 'uid'>): AdmissionReviewAnswer => ({
    apiVersion: ADMISSION_API_VERSION,
    kind: 'AdmissionReview',
    response: { uid: request.uid, ...response },
  });
  const mode = admissionModeFor(deps.config.admission, request.namespace);
  if (mode === 'exempt' || request.object == null) return answer({ allowed: true });
  const what = describe(request);

  let images: ContainerImage[];
  try {
    images = imagesOf(request.kind.kind, request.object);
  } catch (error) {
    if (!(error instanceof ImageTrustError)) throw error;
    const message = oneLine(`image-trust denied ${what}: ${error.message}`, 4000);
    return mode === 'warn'
      ? answer({
          allowed: true,
          warnings: [oneLine(`image-trust (warn mode, would deny): ${error.message}`, 120)],
        })
      : answer({ allowed: false, status: { code: 403, message }, warnings: [oneLine(message, 120)] });
  }

  const byImage = new Map<string, string[]>();
  for (const c of images) byImage.set(c.image, [...(byImage.get(c.image) ?? []), c.container]);
  const outcomes = await lookupMany(deps, [...byImage.keys()]);
  const denied: DeniedImage[] = outcomes
    .filter((o) => !o.answer.allowed)
    .map((o) => ({ image: o.input, containers: byImage.get(o.input) ?? [], answer: o.answer }));
  if (denied.length === 0) return answer({ allowed: true });
  const warnings = denialWarnings(denied, mode);
  if (mode === 'warn') return answer({ allowed: true, warnings });
  return answer({
    allowed: false,
    status: { code: 403, message: denialMessage(what, denied, byImage.size) },
    warnings,
  });
}

/** `Deployment team-a/web`, `Pod mypod`: the object as a person would name it. */
function describe(request: AdmissionRequest): string {
  const name = (request.name || nameOf(request.object)) ?? '(unnamed)';
  return `${request.kind.kind} ${request.namespace === undefined ? '' : `${request.namespace}/`}${name}`;
}

function nameOf(object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const metadata = (object as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const { name, generateName } = metadata as { name?: unknown; generateName?: unknown };
  if (typeof name === 'string' && name !== '') return name;
  return typeof generateName === 'string' ? `${generateName}*` : undefined;
}
