import type { Finding } from '../scan/scan-summary';
import type { InspectorFindingStatus } from '../scan/inspector-event-schema';
import type { VerdictKey } from '../verdict/verdict';

/** What every pipeline event carries: the image by digest, the producer's event id and the event's time. */
interface PipelineEventBase {
  readonly image: VerdictKey;
  /** The EventBridge event id (duplicates share it). */
  readonly id: string;
  /** When it happened (the EventBridge `time`), ISO 8601. */
  readonly at: string;
}

/** An image was pushed (or retagged). */
export interface ImagePushed extends PipelineEventBase {
  readonly type: 'ImagePushed';
  readonly tag?: string;
  readonly manifestMediaType?: string;
  readonly artifactMediaType?: string;
}

/**
 * An image, or one tag of it, was deleted. ECR's DELETE events name the digest and, when a tag was
 * deleted, the tag: the digest itself is gone only when the registry no longer has it.
 */
export interface ImageDeleted extends PipelineEventBase {
  readonly type: 'ImageDeleted';
  readonly tag?: string;
}

/** A vulnerability scan of the image finished (ECR basic scanning or Inspector's initial scan). */
export interface ScanCompleted extends PipelineEventBase {
  readonly type: 'ScanCompleted';
  readonly scanner: 'ecr-basic' | 'inspector';
  /**
   * A FAILED scan never verifies an image; UNSUPPORTED_IMAGE (ECR cannot scan it) passes only where the
   * policy lets the image run unscanned.
   */
  readonly status: 'COMPLETE' | 'FAILED' | 'UNSUPPORTED_IMAGE';
  /** The image's tags as the event lists them (own `.sig`/`.att` artifacts are recognised by them). */
  readonly tags?: readonly string[];
}

/** Inspector reported, closed or suppressed a finding on the image. */
export interface FindingChanged extends PipelineEventBase {
  readonly type: 'FindingChanged';
  readonly finding: Finding;
  readonly status: InspectorFindingStatus;
  /** The image's tags as the finding lists them. */
  readonly tags?: readonly string[];
}

/** Asked by the reconciler (or an operator): evaluate this image again now. */
export interface ReevaluationRequested extends PipelineEventBase {
  readonly type: 'ReevaluationRequested';
  readonly reason: string;
  /**
   * An operator asked (admin re-evaluate): the evaluation is the operator's decision at `at`, the only
   * one that lifts a revocation by hand. Absent for the reconciler and internal hand-offs.
   */
  readonly operator?: boolean;
}

/**
 * Asked by the reconciler (a seal due for renewal) or a writer without a sealer (a VERIFIED verdict it
 * could not seal): seal this image's VERIFIED verdict again. One signing call, no registry work.
 */
export interface ResealRequested extends PipelineEventBase {
  readonly type: 'ResealRequested';
  readonly reason: string;
}

/** The events a worker hands to the signing function through its queue. */
export type HandOffEvent = ReevaluationRequested | ResealRequested;

export type PipelineEvent =
  ImagePushed | ImageDeleted | ScanCompleted | FindingChanged | ReevaluationRequested | ResealRequested;
