import { InvalidInputError } from '../../../../functions/core/errors';
import { parseRegistryNotification } from '../../../../functions/core/events/registry-notification';
import { readConformanceJson } from '../../../support/conformance';

const read = (file: string) => readConformanceJson('registry-notifications', file);

describe('registry notifications as pipeline events', () => {
  it('takes the manifest push of a v3 envelope and ignores its layer pushes', () => {
    const events = parseRegistryNotification(
      read('distribution-v3.envelope.push-manifest-and-layers.json'),
      '127.0.0.1:5000',
    );
    expect(events).toEqual([
      {
        type: 'ImagePushed',
        image: {
          registry: '127.0.0.1:5000',
          repository: 'library/test',
          digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        },
        id: expect.any(String),
        at: expect.any(String),
        tag: undefined,
        manifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      },
    ]);
  });

  it('finds nothing to do in the v2.x envelope: its manifest is schema 1, not an image image-trust signs', () => {
    expect(
      parseRegistryNotification(
        read('distribution-v2x.envelope.push-manifest-and-layers.events-v1.json'),
        'r:5000',
      ),
    ).toEqual([]);
  });

  it('ignores pulls', () => {
    expect(parseRegistryNotification(read('distribution-v3.envelope.pull-manifest.json'), 'r:5000')).toEqual(
      [],
    );
  });

  it('turns a deletion by digest into ImageDeleted', () => {
    const target = read('distribution-v3.target.delete-subset.json') as Record<string, unknown>;
    const body = { events: [{ id: 'd1', timestamp: '2026-11-26T10:00:00Z', action: 'delete', ...target }] };
    const events = parseRegistryNotification(body, 'r:5000');
    expect(events.map((e) => e.type)).toEqual(['ImageDeleted']);
  });

  it.each([
    ['not an envelope', { event: [] }],
    [
      'a tag where the digest belongs',
      {
        events: [
          {
            id: 'x',
            timestamp: '2026-11-26T10:00:00Z',
            action: 'push',
            target: {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: 'latest',
              repository: 'a/b',
            },
          },
        ],
      },
    ],
    [
      'a hostile repository',
      {
        events: [
          {
            id: 'x',
            timestamp: '2026-11-26T10:00:00Z',
            action: 'push',
            target: {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: `sha256:${'a'.repeat(64)}`,
              repository: 'a/b;rm -rf',
            },
          },
        ],
      },
    ],
  ])('rejects %s with a clear error', (_what, body) => {
    expect(() => parseRegistryNotification(body, 'r:5000')).toThrow(InvalidInputError);
  });
});
