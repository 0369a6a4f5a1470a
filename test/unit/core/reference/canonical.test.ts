import { InvalidReferenceError } from '../../../../functions/core/errors';
import {
  canonicalReference,
  familiarReference,
  formatReference,
  normaliseReference,
  parseImageReference,
  repositoryName,
} from '../../../../functions/core/reference';

const DIGEST = 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describe('canonicalReference', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    [`nginx@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`],
    [`nginx:1.25@${DIGEST}`, `docker.io/library/nginx@${DIGEST}`],
    ['index.docker.io/team/app:v1', 'docker.io/team/app:v1'],
    [`${ECR}/team/app:v1@${DIGEST}`, `${ECR}/team/app@${DIGEST}`],
    ['LocalHost:5000/app:Dev', 'localhost:5000/app:Dev'],
    ['[::1]:5000/app', '[::1]:5000/app'],
  ])('writes %s as %s', (input, expected) => {
    // Prepare
    const ref = parseImageReference(input);

    // Act
    const canonical = canonicalReference(ref);

    // Assess
    expect(canonical).toBe(expected);
  });

  it('drops the tag when a digest is present: the digest is the identity', () => {
    // Act
    const canonical = canonicalReference({ registry: ECR, repository: 'app', tag: 'latest', digest: DIGEST });

    // Assess
    expect(canonical).toBe(`${ECR}/app@${DIGEST}`);
  });

  it('normalises a reference built by hand as the parser would', () => {
    // Act
    const canonical = canonicalReference({ registry: 'Index.Docker.IO', repository: 'nginx', tag: 'stable' });

    // Assess
    expect(canonical).toBe('docker.io/library/nginx:stable');
  });

  it.each([
    [{ registry: 'myhost', repository: 'app' }, "registry 'myhost' cannot be written in a reference"],
    [{ registry: 'r.io', repository: 'App' }, "repository 'App' has upper-case letters"],
    [{ registry: 'r.io', repository: 'app', tag: 'a b' }, "tag 'a b' has ' '"],
    [
      { registry: 'r.io', repository: 'app', digest: 'sha256:abc' },
      "digest 'sha256:abc' has 3 hex characters",
    ],
    [{ registry: 'r.io:70000', repository: 'app' }, "port '70000', outside 1-65535"],
    [{ registry: 'r.io', repository: 'a'.repeat(251) }, 'is 256 characters long; the limit is 255'],
  ])('rejects an invalid hand-built reference %j', (ref, message) => {
    // Act
    const act = (): unknown => canonicalReference(ref);

    // Assess
    expect(act).toThrow(InvalidReferenceError);
    expect(act).toThrow(message);
  });
});

describe('repositoryName', () => {
  it.each([
    [`nginx:1.25@${DIGEST}`, 'docker.io/library/nginx'],
    [`${ECR}/team/app:v1@${DIGEST}`, `${ECR}/team/app`],
    ['localhost:5000/app', 'localhost:5000/app'],
  ])('gives %s the name cosign signs as its identity, %s', (input, expected) => {
    // Act
    const name = repositoryName(parseImageReference(input));

    // Assess
    expect(name).toBe(expected);
  });
});

describe('familiarReference', () => {
  it.each([
    ['docker.io/library/nginx:1.25', 'nginx:1.25'],
    ['docker.io/team/app', 'team/app'],
    [`nginx:1.25@${DIGEST}`, `nginx:1.25@${DIGEST}`],
    ['docker.io/library/a/b', 'library/a/b'],
    ['docker.io/a.b/c', 'docker.io/a.b/c'],
    ['docker.io/localhost/c', 'docker.io/localhost/c'],
    ['localhost:5000/app:dev', 'localhost:5000/app:dev'],
  ])('shows %s as %s', (input, expected) => {
    // Act
    const familiar = familiarReference(parseImageReference(input));

    // Assess
    expect(familiar).toBe(expected);
    expect(canonicalReference(parseImageReference(familiar))).toBe(
      canonicalReference(parseImageReference(input)),
    );
  });
});

describe('normaliseReference', () => {
  it('keeps only the reference fields', () => {
    // Prepare
    const parsed = parseImageReference('nginx:1.25');

    // Act
    const normal = normaliseReference(parsed);

    // Assess
    expect(normal).toStrictEqual({ registry: 'docker.io', repository: 'library/nginx', tag: '1.25' });
  });
});

describe('formatReference', () => {
  it('writes the fields as they are, for messages about invalid references', () => {
    // Act
    const text = formatReference({ registry: 'R', repository: 'A', tag: 't', digest: 'bad' });

    // Assess
    expect(text).toBe('R/A:t@bad');
  });
});
