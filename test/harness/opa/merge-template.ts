import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The Rego of a ConstraintTemplate's first target: its `rego` and its `libs`. */
export interface TemplateRego {
  readonly name: string;
  readonly rego: string;
  readonly libs: readonly string[];
}

/** Reads a ConstraintTemplate YAML file (one document). */
export function readTemplate(path: string): TemplateRego {
  const doc = parse(readFileSync(path, 'utf8')) as {
    kind?: string;
    metadata?: { name?: string };
    spec?: { targets?: { rego?: string; libs?: string[] }[] };
  };
  const target = doc.spec?.targets?.[0];
  if (doc.kind !== 'ConstraintTemplate' || typeof target?.rego !== 'string') {
    throw new Error(`${path}: not a ConstraintTemplate with spec.targets[0].rego`);
  }
  return { name: doc.metadata?.name ?? '', rego: target.rego, libs: target.libs ?? [] };
}

const PACKAGE = /^package\s+([A-Za-z_][\w.]*)\s*$/m;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * One package body from the template and its libs: every `package` line goes, every
 * `import data.<lib package> [as alias]` goes, and every reference into a lib
 * (`data.lib.x.rule`, or `x.rule` / `alias.rule` through its import) becomes the bare rule name.
 * The template's `violation` rule heads (at the start of a line) are renamed `gk_harness_violation`,
 * so that the harness can evaluate them `with input as` Gatekeeper's input.
 */
export function mergeTemplate(template: TemplateRego): string {
  const libPackages = template.libs.map((lib) => PACKAGE.exec(lib)?.[1] ?? '');
  if (libPackages.some((p) => !p.startsWith('lib.'))) {
    throw new Error(`${template.name}: a lib without a package under lib.: ${libPackages.join(', ')}`);
  }
  let merged = [template.rego, ...template.libs].map((part) => part.replace(PACKAGE, '')).join('\n');
  for (const pkg of libPackages) {
    const path = `data\\.${escape(pkg)}`;
    const aliases = new Set([pkg.split('.').pop() ?? '']);
    for (const m of merged.matchAll(new RegExp(`^import\\s+${path}\\s+as\\s+(\\w+)\\s*$`, 'gm'))) {
      aliases.add(m[1] ?? '');
    }
    merged = merged
      .replace(new RegExp(`^import\\s+${path}(\\s+as\\s+\\w+)?\\s*$`, 'gm'), '')
      .replace(new RegExp(`${path}\\.`, 'g'), '');
    for (const alias of aliases) merged = merged.replace(new RegExp(`(?<![\\w.])${alias}\\.`, 'g'), '');
  }
  return merged.replace(/^violation(?=\s*(\[|\{|contains\b|if\b))/gm, 'gk_harness_violation');
}
