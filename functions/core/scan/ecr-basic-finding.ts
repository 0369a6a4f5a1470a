import { InvalidInputError } from '../errors';
import { quote } from '../reference/quote';
import { dropUndefined } from './drop-undefined';
import type { EcrBasicFindingData } from './ecr-scan-findings-schema';
import type { Finding } from './scan-summary';

/**
 * A basic-scanning finding as a Finding: the score from the `CVSS3_SCORE` attribute, else `CVSS2_SCORE`;
 * the package from `package_name` and `package_version`. Basic scanning does not say whether a fix
 * exists, so `fixAvailable` stays unset.
 *
 * @throws InvalidInputError when a score attribute is not a number from 0 to 10
 */
export function ecrBasicToFinding(raw: EcrBasicFindingData): Finding {
  const attributes = new Map<string, string>();
  for (const { key, value } of raw.attributes ?? []) {
    if (value !== undefined && !attributes.has(key)) {
      attributes.set(key, value);
    }
  }
  const score = (key: string): number | undefined => {
    const text = attributes.get(key);
    if (text === undefined || text === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || value > 10) {
      throw new InvalidInputError(
        `ECR finding ${quote(raw.name)} has ${key} ${quote(text)}; a score is a number from 0 to 10`,
      );
    }
    return value;
  };
  return dropUndefined({
    id: raw.name,
    severity: raw.severity,
    score: score('CVSS3_SCORE') ?? score('CVSS2_SCORE'),
    packageName: attributes.get('package_name'),
    packageVersion: attributes.get('package_version'),
  });
}
