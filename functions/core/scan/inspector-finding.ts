/**
 * Amazon Inspector's package-vulnerability finding, as both the `Inspector2 Finding` EventBridge detail
 * and ECR's `enhancedFindings[]` carry it, reduced to a Finding. One Inspector finding may name several
 * packages; it stays one Finding (as ECR's `findingSeverityCounts` count it), listing them all.
 */
import * as z from 'zod';
import { dropUndefined } from './drop-undefined';
import type { Finding } from './scan-summary';
import { scoreSchema, severitySchema } from './severity-schema';

/** What Inspector writes in `fixedInVersion` when there is no fix. */
const NOT_AVAILABLE = 'NotAvailable';

const vulnerablePackageSchema = z.looseObject({
  name: z.string().optional(),
  version: z.string().optional(),
  epoch: z.number().optional(),
  release: z.string().optional(),
  fixedInVersion: z.string().optional(),
});
type VulnerablePackage = z.output<typeof vulnerablePackageSchema>;

const cvssSchema = z.looseObject({ baseScore: scoreSchema.optional(), version: z.string().optional() });

export const packageVulnerabilityDetailsSchema = z.looseObject({
  vulnerabilityId: z.string().min(1).max(256),
  vulnerablePackages: z.array(vulnerablePackageSchema).optional(),
  cvss: z.array(cvssSchema).optional(),
});

/**
 * The fields every Inspector finding shape shares. The event calls the score `inspectorScore`, the ECR
 * API `score`.
 */
export const inspectorFindingShape = {
  severity: severitySchema,
  packageVulnerabilityDetails: packageVulnerabilityDetailsSchema,
  score: scoreSchema.optional(),
  inspectorScore: scoreSchema.optional(),
  fixAvailable: z.string().optional(),
};
export const inspectorFindingSchema = z.looseObject(inspectorFindingShape);
export type InspectorFinding = z.output<typeof inspectorFindingSchema>;

/** An Inspector finding as one Finding. */
export function inspectorToFinding(raw: InspectorFinding): Finding {
  const details = raw.packageVulnerabilityDetails;
  const packages = details.vulnerablePackages ?? [];
  const fixes = unique(
    packages.map((p) => p.fixedInVersion).filter((v) => v !== undefined && v !== NOT_AVAILABLE),
  );
  return dropUndefined({
    id: details.vulnerabilityId,
    severity: raw.severity,
    score: inspectorScore(raw),
    packageName: joined(packages.map((p) => p.name)),
    packageVersion: joined(packages.map(packageVersion)),
    fixAvailable: fixAvailable(raw.fixAvailable, packages, fixes.length > 0),
    fixedVersion: joined(fixes),
  });
}

/**
 * Inspector's score; else the highest CVSS v3 base score, else v2. Inspector writes `0.0` for an
 * UNTRIAGED finding it has not scored: without any CVSS entry, that is no score rather than a zero.
 */
function inspectorScore(raw: InspectorFinding): number | undefined {
  const cvss = raw.packageVulnerabilityDetails.cvss ?? [];
  const given = raw.inspectorScore ?? raw.score;
  if (given !== undefined && (given > 0 || cvss.length > 0)) {
    return given;
  }
  const highest = (v3: boolean): number | undefined => {
    const scores = cvss
      .filter((c) => (c.version ?? '').startsWith('3') === v3)
      .flatMap((c) => (c.baseScore === undefined ? [] : [c.baseScore]));
    return scores.length === 0 ? undefined : Math.max(...scores);
  };
  return highest(true) ?? highest(false);
}

/** `YES` and `PARTIAL` (some packages have a fix) are true, `NO` false; else read from the packages. */
function fixAvailable(
  value: string | undefined,
  packages: readonly VulnerablePackage[],
  anyFix: boolean,
): boolean | undefined {
  const upper = value?.toUpperCase();
  if (upper === 'YES' || upper === 'PARTIAL') return true;
  if (upper === 'NO') return false;
  return packages.some((p) => p.fixedInVersion !== undefined) ? anyFix : undefined;
}

/** `epoch:version-release`, as the package manager writes it; the epoch only when it is not 0. */
function packageVersion(p: VulnerablePackage): string | undefined {
  if (p.version === undefined) return undefined;
  const epoch = p.epoch !== undefined && p.epoch !== 0 ? `${p.epoch}:` : '';
  const release = p.release === undefined || p.release === '' ? '' : `-${p.release}`;
  return `${epoch}${p.version}${release}`;
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))];
}

function joined(values: readonly (string | undefined)[]): string | undefined {
  const present = values.filter((v): v is string => v !== undefined && v !== '');
  return present.length === 0 ? undefined : present.join(', ');
}
