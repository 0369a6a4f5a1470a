import { ImageTrustError } from '../errors';
import { imagesOf, type ContainerImage } from './admission-images';
import type { AdmissionAudit, AdmissionDecision } from './admission-audit';
import type { AdmissionDeps } from './admission-deps';
import { denialMessage, denialWarnings, type DeniedImage } from './admission-messages';
import { admissionModeFor, type NamespaceMode } from './admission-mode';
import {
  ADMISSION_API_VERSION,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReview,
  type AdmissionReviewAnswer,
} from './admission-review';
import { newImages, uncheckedBecause } from './admission-scope';
import { breakGlassReason } from './break-glass';
import { lookupMany } from '../lookup/lookup-many';
import { oneLine } from './one-line';

/**
 * The validating webhook's answer: every image the Pod or workload template pulls must pass all four
 * layers (allowlist, digest, scan, signature: a VERIFIED verdict), with one read per distinct image.
 * Updates never block running workloads: DELETE, the scale and status subresources are not checked,
 * and on UPDATE only images the old object did not have are (admission-scope.ts).
 * In an enforce namespace a failing image denies (403, the message naming each image and why), unless
 * the namespace allows break-glass and the object carries the annotation: then it is admitted with a
 * warning once the use is recorded. In a warn namespace the object is allowed with one warning per
 * failing image; exempt namespaces are not checked. An unknown digest, a store failure or a timeout
 * fails like any other layer, never a silent allow. The request uid is always echoed, and each
 * decision goes to `deps.audit` as one line.
 */
export async function reviewAdmission(
  deps: AdmissionDeps,
  review: AdmissionReview,
): Promise<AdmissionReviewAnswer> {
  const { request } = review;
  const mode = admissionModeFor(deps.config.admission, request.namespace);
  const decide = decider(deps, request, mode);
  if (mode === 'exempt') return decide('not-checked', { allowed: true }, [], 'exempt namespace');
  const unchecked = uncheckedBecause(request);
  if (unchecked !== undefined) return decide('not-checked', { allowed: true }, [], unchecked);
  const what = describe(request);

  let images: ContainerImage[];
  try {
    const all = imagesOf(request.kind.kind, request.object);
    images = newImages(request, all, () => imagesOf(request.kind.kind, request.oldObject));
  } catch (error) {
    if (!(error instanceof ImageTrustError)) throw error;
    const message = oneLine(`image-trust denied ${what}: ${error.message}`, 4000);
    const invalid = [{ image: '', status: 'INVALID' as const }];
    return mode === 'warn'
      ? decide(
          'warned',
          {
            allowed: true,
            warnings: [oneLine(`image-trust (warn mode, would deny): ${error.message}`, 120)],
          },
          invalid,
          error.message,
        )
      : decide(
          'denied',
          { allowed: false, status: { code: 403, message }, warnings: [oneLine(message, 120)] },
          invalid,
          error.message,
        );
  }

  const byImage = new Map<string, string[]>();
  for (const c of images) byImage.set(c.image, [...(byImage.get(c.image) ?? []), c.container]);
  const outcomes = await lookupMany(deps, [...byImage.keys()]);
  const statuses = outcomes.map((o) => ({ image: o.input, status: o.answer.status }));
  const denied: DeniedImage[] = outcomes
    .filter((o) => !o.answer.allowed)
    .map((o) => ({ image: o.input, containers: byImage.get(o.input) ?? [], answer: o.answer }));
  if (denied.length === 0) return decide('allowed', { allowed: true }, statuses);
  const warnings = denialWarnings(denied, mode);
  if (mode === 'warn') return decide('warned', { allowed: true, warnings }, statuses);
  const message = denialMessage(what, denied, byImage.size);
  const deny = (why: string) =>
    decide('denied', { allowed: false, status: { code: 403, message: why }, warnings }, statuses, why);

  const reason = breakGlassReason(deps.config.admission, request.namespace, request.object);
  if (reason === undefined) return deny(message);
  if (deps.breakGlass === undefined) return deny(`${message} | break-glass is not available here`);
  try {
    await deps.breakGlass.record({
      user: userOf(request),
      namespace: request.namespace ?? '',
      kind: request.kind.kind,
      name: nameOf(request),
      operation: request.operation,
      images: denied.map((d) => ({ image: d.image, status: d.answer.status })),
      reason,
      at: deps.now().toISOString(),
      uid: request.uid,
    });
  } catch (error) {
    if (!(error instanceof ImageTrustError)) throw error;
    return deny(oneLine(`${message} | break-glass could not be recorded: ${error.message}`, 4000));
  }
  const glass = oneLine(`image-trust: BREAK-GLASS used, recorded: ${reason}`, 120);
  return decide('break-glass', { allowed: true, warnings: [glass, ...warnings] }, statuses, reason);
}

/** Builds the answer and tells the audit sink, once per request. */
function decider(deps: AdmissionDeps, request: AdmissionRequest, mode: NamespaceMode) {
  return (
    decision: AdmissionDecision,
    response: Omit<AdmissionResponse, 'uid'>,
    images: AdmissionAudit['images'],
    reason?: string,
  ): AdmissionReviewAnswer => {
    deps.audit?.({
      user: userOf(request),
      ...(request.namespace === undefined ? {} : { namespace: request.namespace }),
      kind: request.kind.kind,
      name: nameOf(request),
      operation: request.operation,
      ...(request.subResource === undefined ? {} : { subResource: request.subResource }),
      images,
      decision,
      mode,
      ...(reason === undefined ? {} : { reason: oneLine(reason, 500) }),
    });
    return {
      apiVersion: ADMISSION_API_VERSION,
      kind: 'AdmissionReview',
      response: { uid: request.uid, ...response },
    };
  };
}

/** `Deployment team-a/web`, `Pod mypod`: the object as a person would name it. */
function describe(request: AdmissionRequest): string {
  return `${request.kind.kind} ${request.namespace === undefined ? '' : `${request.namespace}/`}${nameOf(request)}`;
}

function userOf(request: AdmissionRequest): string {
  const name = request.userInfo?.username;
  return typeof name === 'string' && name !== '' ? oneLine(name, 256) : '(unknown)';
}

function nameOf(request: AdmissionRequest): string {
  if (request.name) return request.name;
  const object = request.object ?? request.oldObject;
  if (typeof object !== 'object' || object === null) return '(unnamed)';
  const metadata = (object as { metadata?: unknown }).metadata;
  if (typeof metadata !== 'object' || metadata === null) return '(unnamed)';
  const { name, generateName } = metadata as { name?: unknown; generateName?: unknown };
  if (typeof name === 'string' && name !== '') return name;
  return typeof generateName === 'string' ? `${generateName}*` : '(unnamed)';
}
