import type { Registry } from '../ports/registry';
import type { Signer } from '../ports/signer';
import type { SignatureArtifactKind } from '../verdict/verdict-parts';
import type { SkipNotice } from './read-limits';

/** What signing needs: a registry to read and write, a key, and a clock. */
export interface SigningDeps {
  readonly registry: Registry;
  readonly signer: Signer;
  readonly now?: () => Date;
  /** Told about each artifact written by someone else that was skipped as malformed or oversized. */
  readonly onSkipped?: SkipNotice;
}

/** The outcome of writing one signature or attestation: where it is and whether this call wrote it. */
export interface WrittenArtifact {
  readonly kind: SignatureArtifactKind;
  readonly subjectDigest: string;
  /** Tag (`sha256-HEX.sig`) or manifest digest (bundle referrer). */
  readonly location: string;
  /** False when an equivalent signature by the same key was already there. */
  readonly written: boolean;
}
