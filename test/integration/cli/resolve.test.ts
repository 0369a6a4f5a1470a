import { pushImage } from '../../harness/image-builder';
import { sharedRegistryHost, sharedRegistryUrl } from '../../harness/services';
import { runCli } from './run-cli';

describe('image-trust resolve', () => {
  it('prints the digest a tag points to in the real registry, as registry/repo@sha256', async () => {
    // Prepare
    const image = await pushImage(sharedRegistryUrl(), 'cli/resolve', { tags: 'v1' });

    // Act
    const run = await runCli(['resolve', `${sharedRegistryHost()}/cli/resolve:v1`]);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${sharedRegistryHost()}/cli/resolve@${image.digest}\n`);
  });

  it('follows the tag when it moves, and reads `latest` when no tag is given', async () => {
    // Prepare
    await pushImage(sharedRegistryUrl(), 'cli/moving', { tags: ['v2', 'latest'] });
    const moved = await pushImage(sharedRegistryUrl(), 'cli/moving', { tags: ['v2', 'latest'] });

    // Act
    const tagged = await runCli(['resolve', `${sharedRegistryHost()}/cli/moving:v2`]);
    const bare = await runCli(['resolve', `${sharedRegistryHost()}/cli/moving`]);

    // Assess
    expect(tagged.stdout).toBe(`${sharedRegistryHost()}/cli/moving@${moved.digest}\n`);
    expect(bare.stdout).toBe(tagged.stdout);
    expect(bare.stderr).toMatch(/no tag given: resolving 'latest'/);
  });

  it('gives the reference, tag, digest and media type as JSON', async () => {
    // Prepare
    const image = await pushImage(sharedRegistryUrl(), 'cli/json', { tags: 'v1' });
    const input = `${sharedRegistryHost()}/cli/json:v1`;

    // Act
    const run = await runCli(['resolve', '--json', input]);

    // Assess
    expect(run.json()).toEqual({
      input,
      reference: `${sharedRegistryHost()}/cli/json@${image.digest}`,
      registry: sharedRegistryHost(),
      repository: 'cli/json',
      tag: 'v1',
      digest: image.digest,
      mediaType: image.mediaType,
    });
  });

  it('exits 1 for a tag the registry does not have, 2 for a reference that does not parse', async () => {
    // Act
    const missing = await runCli(['resolve', `${sharedRegistryHost()}/cli/resolve:nope`]);
    const invalid = await runCli(['resolve', 'UPPER/Case:x']);

    // Assess
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no .*cli\/resolve:nope/);
    expect(invalid.code).toBe(2);
  });

  it('exits 3 when the registry cannot be reached', async () => {
    // Act
    const run = await runCli(['resolve', '127.0.0.1:1/app:v1']);

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/cannot read 127\.0\.0\.1:1\/app:v1 from 127\.0\.0\.1:1/);
  });
});
