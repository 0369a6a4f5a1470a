import type { RuntimeConfig } from '../config/runtime-config';
import type { SignatureArtifactKind } from '../verdict/verdict';
import { matchesGlob } from '../policy/glob';

/** The formats signing writes in `repository`: the first `signatureFormats` rule that matches, else the default. */
export function signatureFormatsFor(
  config: Pick<RuntimeConfig, 'signatureFormats'>,
  repository: string,
): readonly SignatureArtifactKind[] {
  const rules = config.signatureFormats;
  return (
    rules.repositories.find((r) => r.match.some((p) => matchesGlob(p, repository)))?.formats ?? rules.default
  );
}
