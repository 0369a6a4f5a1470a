import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

/** Writes ConstraintTemplate files for one test file and removes them again. */
export class TinyTemplates {
  private readonly dir = mkdtempSync(join(tmpdir(), 'admission-rego-'));
  private count = 0;

  /** A ConstraintTemplate YAML file holding `rego` and `libs`; its path. */
  write(rego: string, libs: string[] = []): string {
    const path = join(this.dir, `template-${++this.count}.yaml`);
    const targets = [{ target: 'admission.k8s.gatekeeper.sh', rego, ...(libs.length > 0 ? { libs } : {}) }];
    writeFileSync(
      path,
      stringify({
        apiVersion: 'templates.gatekeeper.sh/v1',
        kind: 'ConstraintTemplate',
        metadata: { name: `k8stiny${this.count}` },
        spec: { crd: { spec: { names: { kind: `K8sTiny${this.count}` } } }, targets },
      }),
    );
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
