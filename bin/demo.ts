import { pushImage } from './local/image-builder';

/**
 * `npm run demo`, against a running `npm start`: pushes two images whose CI attached a Trivy report
 * (one clean, one with a CRITICAL CVE), waits for both verdicts, prints them, and prints the cosign
 * command that verifies the signed one.
 */
const api = process.env.IMAGE_TRUST_API ?? `http://127.0.0.1:${process.env.IMAGE_TRUST_PORT ?? 8080}`;
const registry =
  process.env.IMAGE_TRUST_REGISTRY ?? `127.0.0.1:${process.env.IMAGE_TRUST_REGISTRY_PORT ?? 5000}`;
const dataDir = process.env.IMAGE_TRUST_DATA ?? '.data';

function trivyReport(name: string, vulnerabilities: object[]): string {
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: new Date().toISOString(),
    ArtifactName: name,
    ArtifactType: 'container_image',
    Metadata: { OS: { Family: 'debian', Name: '12.8' } },
    Results: [
      { Target: `${name} (debian 12.8)`, Class: 'os-pkgs', Type: 'debian', Vulnerabilities: vulnerabilities },
    ],
  });
}

const critical = {
  VulnerabilityID: 'CVE-2024-3094',
  PkgName: 'xz-utils',
  InstalledVersion: '5.6.0-0.2',
  FixedVersion: '5.6.1+really5.4.5-1',
  Severity: 'CRITICAL',
  Title: 'xz: malicious code in distributed source',
  CVSS: { nvd: { V3Score: 10 } },
};

interface Answer {
  readonly status: string;
  readonly allowed: boolean;
  readonly reasons: readonly { code: string; message: string }[];
}

async function waitForVerdict(reference: string, timeoutMs = 60_000): Promise<Answer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${api}/v1/verdicts?image=${encodeURIComponent(reference)}`);
    const answer = (await response.json()) as Answer;
    if (answer.status !== 'PENDING' && answer.status !== 'UNKNOWN') return answer;
    if (Date.now() > deadline)
      throw new Error(`no verdict for ${reference} after ${timeoutMs / 1000} s (still ${answer.status})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  const health = await fetch(`${api}/healthz`).catch(() => undefined);
  if (!health?.ok) throw new Error(`no image-trust at ${api}: start it first with 'npm start'`);
  const stamp = Date.now().toString(36);
  process.stdout.write(`pushing two images to ${registry}, each with the Trivy report CI attached...\n`);
  const clean = await pushImage(registry, 'demo/web', {
    tags: `clean-${stamp}`,
    annotations: { 'trivy.scan.result': trivyReport('demo/web', []) },
  });
  const vulnerable = await pushImage(registry, 'demo/legacy', {
    tags: `xz-${stamp}`,
    annotations: { 'trivy.scan.result': trivyReport('demo/legacy', [critical]) },
  });
  const refs = [`${registry}/demo/web@${clean.digest}`, `${registry}/demo/legacy@${vulnerable.digest}`];
  const answers = await Promise.all(refs.map((ref) => waitForVerdict(ref)));
  for (const [i, ref] of refs.entries()) {
    const answer = answers[i]!;
    process.stdout.write(`\n${answer.status.padEnd(9)} ${ref}\n`);
    for (const reason of answer.reasons)
      process.stdout.write(`          ${reason.code}: ${reason.message}\n`);
  }
  const cosignBin = '.tools/trixie/root/usr/bin/cosign';
  process.stdout.write(
    `\nVerify the signed image yourself, with a verifier image-trust did not write:\n\n` +
      `  ${cosignBin} verify --key ${dataDir}/cosign.pub --insecure-ignore-tlog=true ${refs[0]}\n`,
  );
  if (answers[0]?.status !== 'VERIFIED' || answers[1]?.status !== 'REJECTED') process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
