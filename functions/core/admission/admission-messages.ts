import { oneLine } from './one-line';
import type { VerdictAnswer } from '../lookup/verdict-answer';

/** Kubernetes shows warnings of at most this many characters. */
export const MAX_WARNING_LENGTH = 120;

/** Images named in a denial message; the rest are counted. */
const MAX_IMAGES_IN_MESSAGE = 10;

/** An image of the object that may not run, with the containers that use it. */
export interface DeniedImage {
  /** As written in the object. */
  readonly image: string;
  readonly containers: readonly string[];
  readonly answer: VerdictAnswer;
}

/** What the failing layers say, in one line: `REVOKED: CVE-2025-0001 affects this image`. */
export function denialReason(answer: VerdictAnswer): string {
  const failing = answer.reasons.filter((r) => answer.checks[r.layer] === 'fail');
  const shown = failing.length > 0 ? failing : answer.reasons;
  const text = shown.map((r) => r.message).join('; ') || 'not verified';
  return `${answer.status}: ${text}`;
}

/**
 * The denial message: the object, then each image that may not run, its containers and why.
 * One line, at most 4000 characters.
 */
export function denialMessage(what: string, denied: readonly DeniedImage[], total: number): string {
  const listed = denied
    .slice(0, MAX_IMAGES_IN_MESSAGE)
    .map((d) => `${d.image} (container ${d.containers.join(', ')}): ${denialReason(d.answer)}`);
  const more =
    denied.length > MAX_IMAGES_IN_MESSAGE ? ` | and ${denied.length - MAX_IMAGES_IN_MESSAGE} more` : '';
  return oneLine(
    `image-trust denied ${what}: ${denied.length} of ${total} image(s) may not run: ${listed.join(' | ')}${more}`,
    4000,
  );
}

/** One warning per image that may not run, each at most 120 characters. */
export function denialWarnings(denied: readonly DeniedImage[], mode: 'enforce' | 'warn'): string[] {
  const head = mode === 'warn' ? 'image-trust (warn)' : 'image-trust';
  return denied.map((d) =>
    oneLine(`${head}: ${shortImage(d.image)}: ${denialReason(d.answer)}`, MAX_WARNING_LENGTH),
  );
}

/**
 * A short form of an image for a warning: without an ECR registry host (the allowed registries are
 * ECR's; a foreign registry is kept, it is the news), a 12-character digest, at most 40 characters.
 */
export function shortImage(image: string): string {
  const short = image
    .replace(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//, '')
    .replace(/@sha256:([0-9a-f]{12})[0-9a-f]{52}$/, '@sha256:$1');
  return short.length <= 40 ? short : `...${short.slice(-37)}`;
}
