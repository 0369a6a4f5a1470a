import { isRunnable, runnableMembers } from '../../../../functions/core/pipeline/index-members';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const manifest = 'application/vnd.oci.image.manifest.v1+json';

describe('runnableMembers: what a kubelet can run from an index', () => {
  it('keeps the platform manifests with their os/architecture[/variant], once each', () => {
    const members = runnableMembers({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: manifest,
          digest: digest('a'),
          size: 1,
          platform: { os: 'linux', architecture: 'amd64' },
        },
        {
          mediaType: manifest,
          digest: digest('b'),
          size: 1,
          platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
        },
        {
          mediaType: manifest,
          digest: digest('a'),
          size: 1,
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ],
    });
    expect(members).toEqual([
      { digest: digest('a'), platform: 'linux/amd64' },
      { digest: digest('b'), platform: 'linux/arm/v7' },
    ]);
  });

  it("leaves out buildx's attestation manifests, by platform or by annotation", () => {
    const unknown = { os: 'unknown', architecture: 'unknown' };
    const annotations = { 'vnd.docker.reference.type': 'attestation-manifest' };
    expect(isRunnable({ mediaType: manifest, digest: digest('c'), size: 1, platform: unknown })).toBe(false);
    expect(isRunnable({ mediaType: manifest, digest: digest('c'), size: 1, annotations })).toBe(false);
    expect(isRunnable({ mediaType: manifest, digest: digest('c'), size: 1 })).toBe(true);
  });
});
