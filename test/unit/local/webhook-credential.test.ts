import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateCredential } from '../../../bin/local/webhook-credential';

describe('the local webhook credential (npm start)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'webhook-credential-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made once, readable by its owner only, and read back on the next start', () => {
    const path = join(dir, 'data', 'webhook-credential');

    const made = loadOrCreateCredential(path);
    const again = loadOrCreateCredential(path);

    expect(made).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(again).toBe(made);
    expect(readFileSync(path, 'utf8')).toBe(`${made}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['too short', 'abc'],
    ['a character a path would encode', `${'a'.repeat(40)}/x`],
  ])('refuses a file holding something else (%s)', (_, stored) => {
    const path = join(dir, 'webhook-credential');
    writeFileSync(path, stored);

    expect(() => loadOrCreateCredential(path)).toThrow(/does not hold a webhook credential/);
  });
});
