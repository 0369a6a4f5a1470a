import fc from 'fast-check';
import { synthesiseScan } from '../../emulators/ecr';
import { processPipelineRecord } from '../../../functions/runtime/process-pipeline-record';
import { ParkedMessages, startPipelineFixture, type PipelineFixture } from './pipeline-fixture';
import { findingEvent, pushEvent, scanEvent } from './sample-events';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
type Json = Record<string, unknown>;

/** Values that no valid event has in the field they replace. */
const notAString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
);
const badDigest = fc.oneof(
  fc.constantFrom(
    'latest',
    'v1.2.3',
    'sha256:',
    `sha256:${'a'.repeat(60)}`,
    `sha256:${'A'.repeat(64)}`,
    `sha512:${'a'.repeat(64)}`,
    `sha256:${'a'.repeat(59)}EXAMPLE`,
  ),
  fc.string().filter((s) => !/^sha256:[0-9a-f]{64}$/.test(s)),
  fc.stringMatching(/^[a-z0-9]{1,20}:[a-z0-9.-]{1,20}$/),
);
const hostile = fc.constantFrom(
  'team/app;rm -rf /',
  "team/app' OR '1'='1",
  'team/$(id)',
  '../../etc/passwd',
  'team/app\n',
  'x'.repeat(300_000),
  '',
);
const badTime = fc.oneof(
  fc.constantFrom('yesterday', 'Dec 3, 2021, 6:02:30 PM', '2026-13-45T99:00:00Z', ''),
  notAString,
);
const badAccount = fc.oneof(fc.constantFrom('12345', 'abcdefghijkl', '1234567890123', ''), notAString);

interface Breaker {
  readonly name: string;
  /** Which sample it breaks: ECR events carry the image in `detail`, Inspector findings in `resources`. */
  readonly kinds?: readonly ('ecr' | 'finding')[];
  readonly apply: (event: Json, value: unknown) => Json;
  readonly values: fc.Arbitrary<unknown>;
}
const setTop = (field: string) => (event: Json, value: unknown) => ({ ...event, [field]: value });
const setDetail = (field: string) => (event: Json, value: unknown) => ({
  ...event,
  detail: { ...(event.detail as Json), [field]: value },
});
const drop = (field: string) => (event: Json) => {
  const copy = { ...event };
  delete copy[field];
  return copy;
};
const dropDetail = (field: string) => (event: Json) => {
  const detail = { ...(event.detail as Json) };
  delete detail[field];
  return { ...event, detail };
};

const breakers: Breaker[] = [
  { name: 'digest', kinds: ['ecr'], apply: setDetail('image-digest'), values: badDigest },
  {
    name: 'repository',
    kinds: ['ecr'],
    apply: setDetail('repository-name'),
    values: fc.oneof(hostile, notAString),
  },
  { name: 'time', apply: setTop('time'), values: badTime },
  { name: 'account', apply: setTop('account'), values: badAccount },
  {
    name: 'region',
    apply: setTop('region'),
    values: fc.oneof(fc.constantFrom('moon-1', 'US-EAST-1', ''), notAString),
  },
  { name: 'id', apply: setTop('id'), values: fc.oneof(fc.constant(''), notAString) },
  {
    name: 'detail-type',
    apply: setTop('detail-type'),
    values: fc.oneof(
      fc.constantFrom('ECR Image Actions', 'EC2 Instance State-change Notification'),
      notAString,
    ),
  },
  {
    name: 'source',
    apply: setTop('source'),
    values: fc.oneof(fc.constantFrom('aws.s3', 'my.ecr'), notAString),
  },
  {
    name: 'detail',
    apply: setTop('detail'),
    values: fc.oneof(fc.constant(null), fc.string(), fc.array(fc.jsonValue(), { maxLength: 3 })),
  },
  { name: 'no digest', kinds: ['ecr'], apply: dropDetail('image-digest'), values: fc.constant(undefined) },
  {
    name: 'no repository',
    kinds: ['ecr'],
    apply: dropDetail('repository-name'),
    values: fc.constant(undefined),
  },
  { name: 'no time', apply: drop('time'), values: fc.constant(undefined) },
  { name: 'no detail', apply: drop('detail'), values: fc.constant(undefined) },
  { name: 'finding digest', kinds: ['finding'], apply: setImage('imageHash'), values: badDigest },
  {
    name: 'finding repository',
    kinds: ['finding'],
    apply: setImage('repositoryName'),
    values: fc.oneof(hostile, notAString),
  },
  {
    name: 'finding status',
    kinds: ['finding'],
    apply: setDetail('status'),
    values: fc.oneof(fc.constantFrom('OPEN', 'active', ''), notAString),
  },
  {
    name: 'finding severity',
    kinds: ['finding'],
    apply: setDetail('severity'),
    values: fc.oneof(fc.constantFrom('SEVERE', ''), notAString),
  },
];

function setImage(field: string) {
  return (event: Json, value: unknown): Json => {
    const detail = structuredClone(event.detail) as {
      resources: { details: { awsEcrContainerImage: Json } }[];
    };
    detail.resources[0]!.details.awsEcrContainerImage[field] = value;
    return { ...event, detail };
  };
}

const validEvents: { kind: 'ecr' | 'finding'; event: Json }[] = [
  { kind: 'ecr', event: pushEvent({ repository: 'team/app', digest: DIGEST, tag: 'v1' }) },
  { kind: 'ecr', event: scanEvent({ repository: 'team/app', digest: DIGEST }) },
  { kind: 'finding', event: findingEvent({ repository: 'team/app', digest: DIGEST, severity: 'CRITICAL' }) },
];
const breakable = validEvents.flatMap(({ kind, event }) =>
  breakers.filter((b) => !b.kinds || b.kinds.includes(kind)).map((breaker) => ({ event, breaker })),
);

describe('malformed events', () => {
  let f: PipelineFixture;
  beforeAll(async () => {
    f = await startPipelineFixture();
  });
  afterAll(() => f.stop());

  it('a control: the unbroken sample events are accepted', async () => {
    f.ecr.scans.set('team/app', DIGEST, synthesiseScan('BASIC', 1, { severities: ['CRITICAL'] }));
    for (const { event } of validEvents) {
      const result = await processPipelineRecord(
        f.deps,
        { messageId: 'ok', body: JSON.stringify(event), receiveCount: 1 },
        { deadLetter: new ParkedMessages(), maxReceiveCount: 5 },
      );
      expect(result.result).toBe('done');
    }
  });

  it('end in clear validation errors and write nothing (thousands of generated cases)', async () => {
    const writesBefore = f.dynamoCalls.snapshot();
    const signsBefore = f.kms.calls.count('Sign');
    const arbitraryBody = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .constantFrom(...breakable)
          .chain(({ event, breaker }) => breaker.values.map((v) => JSON.stringify(breaker.apply(event, v)))),
      },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: fc.string() },
    );
    await fc.assert(
      fc.asyncProperty(arbitraryBody, async (messageBody) => {
        const deadLetter = new ParkedMessages();
        const result = await processPipelineRecord(
          f.deps,
          { messageId: 'fuzz', body: messageBody, receiveCount: 1 },
          { deadLetter, maxReceiveCount: 5 },
        );
        expect(result.result).toBe('parked');
        if (result.result === 'parked') expect(result.reason).toMatch(/^INVALID_INPUT: \S/);
        expect(deadLetter.parked).toHaveLength(1);
      }),
      { numRuns: 3000, seed: 20261126 },
    );
    expect(f.dynamoCalls.snapshot()).toEqual(writesBefore);
    expect(f.kms.calls.count('Sign')).toBe(signsBefore);
  });
});
