import '../http/quiet-powertools';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdmissionReviewAnswer } from '../../../functions/core/admission/admission-review';
import { POD_SPEC_PATHS } from '../../../functions/core/admission/admission-images';
import { imageKey, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { failed, observed, passed } from '../../unit/core/verdict/verdict-events';
import { startApiFixture, type ApiFixture } from './api-fixture';

const FIXTURES = join(__dirname, '../../fixtures/kubernetes-api');
const FILES = {
  Pod: 'core.v1.Pod.json',
  Deployment: 'apps.v1.Deployment.json',
  StatefulSet: 'apps.v1.StatefulSet.json',
  DaemonSet: 'apps.v1.DaemonSet.json',
  ReplicaSet: 'apps.v1.ReplicaSet.json',
  Job: 'batch.v1.Job.json',
  CronJob: 'batch.v1.CronJob.json',
} as const;
type Kind = keyof typeof FILES;
/** Where the images are in a pod spec, each given its own VERIFIED digest. */
const PLACES = ['containers', 'initContainers', 'ephemeralContainers', 'volumes'] as const;
type Place = (typeof PLACES)[number];
const VERIFIED: Record<Place, string> = {
  containers: refOf(imageKey('1')),
  initContainers: refOf(imageKey('2')),
  ephemeralContainers: refOf(imageKey('3')),
  volumes: refOf(imageKey('4')),
};
const REJECTED = refOf(imageKey('9'));

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture('kubernetes-api-fixtures');
  for (const hex of ['1', '2', '3', '4'])
    await api.record(imageKey(hex), observed(`p${hex}`, 0), passed(`e${hex}`, 10));
  await api.record(imageKey('9'), observed('p9', 0), failed('e9', 10, ['CVE-2024-3094']));
});

/** The fixture with every image replaced: VERIFIED ones, and REJECTED at `rejected` if given. */
function fixture(
  kind: Kind,
  rejected?: Place,
): { object: Record<string, unknown>; spec: Record<string, { name: string }[]> } {
  const object = JSON.parse(readFileSync(join(FIXTURES, FILES[kind]), 'utf8')) as Record<string, unknown>;
  let spec: unknown = object;
  for (const field of POD_SPEC_PATHS[kind] ?? []) spec = (spec as Record<string, unknown>)[field];
  const podSpec = spec as Record<string, { image: unknown; name: string }[]>;
  for (const place of PLACES) {
    const image = place === rejected ? REJECTED : VERIFIED[place];
    for (const item of podSpec[place] ?? []) {
      if (place === 'volumes') (item.image as { reference: string }).reference = image;
      else item.image = image;
    }
  }
  return { object, spec: podSpec };
}

async function review(kind: Kind, object: unknown): Promise<AdmissionReviewAnswer> {
  const [group, version] = FILES[kind].split('.');
  const response = await api.call({
    path: '/v1/admission/validate',
    body: JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: `uid-${kind}`,
        kind: { group: group === 'core' ? '' : group, version, kind },
        namespace: 'team-a',
        operation: 'CREATE',
        userInfo: { username: 'ci@example.com' },
        object,
      },
    }),
  });
  expect(response.statusCode).toBe(200);
  return response.json<AdmissionReviewAnswer>();
}

const KINDS = Object.keys(FILES) as Kind[];

describe("the Kubernetes API's round-trip fixtures (every field filled) in an AdmissionReview", () => {
  it.each(KINDS)(
    '%s: finds an image in each list and the image volume, and admits it when all are VERIFIED',
    async (kind) => {
      const { object, spec } = fixture(kind);
      api.calls.reset();

      const { response } = await review(kind, object);

      for (const place of PLACES) expect(spec[place]).toHaveLength(1);
      expect(response).toEqual({ uid: `uid-${kind}`, allowed: true });
      // One BatchGetItem read the four verdicts.
      expect(api.calls.history()).toEqual([expect.objectContaining({ operation: 'BatchGetItem', items: 4 })]);
    },
  );

  it.each(KINDS.flatMap((kind) => PLACES.map((place) => [kind, place] as const)))(
    '%s: denies one REJECTED image in %s, naming it',
    async (kind, place) => {
      const { object, spec } = fixture(kind, place);
      const name =
        place === 'volumes' ? `volume ${spec.volumes?.[0]?.name ?? ''}` : (spec[place]?.[0]?.name ?? '');

      const { response } = await review(kind, object);

      expect(response.allowed).toBe(false);
      expect(response.status?.message).toContain(
        `1 of 4 image(s) may not run: ${REJECTED} (container ${name}): REJECTED`,
      );
    },
  );
});
