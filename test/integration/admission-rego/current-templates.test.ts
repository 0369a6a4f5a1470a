import '../http/quiet-powertools';
import { startOpa, type OpaEvaluator } from '../../harness/opa/evaluate-constraint-template';
import { imageKey, REGISTRY, refOf } from '../../unit/core/lookup/lookup-fixtures';
import { failed, observed, passed, revoked } from '../../unit/core/verdict/verdict-events';
import { startApiFixture, type ApiFixture } from '../lookup-api/api-fixture';
import { denialsByLayer, PROVIDER, providerAnswer } from './current-templates-fixture';

/**
 * The templates in deploy/kubernetes/gatekeeper as they are, in OPA, with external_data answered by
 * the real provider (API handler on DynamoDB Local). Only what holds for the four constraints as a
 * set is asserted here: which layer each template alone admits is reported, not pinned.
 */
let opa: OpaEvaluator;
let api: ApiFixture;
const VERIFIED = refOf(imageKey('1'));
const REJECTED = refOf(imageKey('2'));
const REVOKED = refOf(imageKey('3'));
const PENDING = refOf(imageKey('4'));
const UNKNOWN = refOf(imageKey('5'));
const TAG_ONLY = `${REGISTRY}/team/app:1.0`;

beforeAll(async () => {
  [opa, api] = await Promise.all([startOpa(), startApiFixture('admission-rego')]);
  await api.record(imageKey('1'), observed('p1', 0), passed('e1', 10));
  await api.record(imageKey('2'), observed('p2', 0), failed('e2', 10));
  await api.record(imageKey('3'), observed('p3', 0), passed('e3', 10), revoked('r3', 20));
  await api.record(imageKey('4'), observed('p4', 0));
});

afterAll(() => opa.close());

const denials = async (image: string, storeFails = false) =>
  denialsByLayer(opa, image, await providerAnswer(api, [image], { storeFails }));

describe('the current Gatekeeper templates in OPA, with the provider’s real answers', () => {
  it('admit a Pod running a VERIFIED image: no template denies it', async () => {
    expect(await denials(VERIFIED)).toEqual({ allowlist: [], digest: [], scan: [], signature: [] });
  });

  it.each([
    ['REJECTED (critical findings)', REJECTED, 'scan', /vulnerability scan: critical findings \(e2\)$/],
    ['REVOKED (a new CVE)', REVOKED, 'scan', /vulnerability scan: CVE-2025-0001 affects this image/],
    ['tag-only', TAG_ONLY, 'digest', /: digest: .*has no digest/],
    ['PENDING', PENDING, 'signature', /no final verdict, denied: .*\(PENDING: PENDING\)$/],
    ['unknown', UNKNOWN, 'signature', /no final verdict, denied: .*\(UNKNOWN: NO_VERDICT\)$/],
  ] as const)('deny a Pod running a %s image through the %s template', async (_, image, layer, message) => {
    const byLayer = await denials(image);

    expect(byLayer[layer]).toEqual([expect.stringMatching(message)]);
    expect(byLayer[layer][0]).toContain(`image-trust: ${image}: `);
  });

  it('deny through the signature template when the provider cannot read its store', async () => {
    const byLayer = await denials(VERIFIED, true);

    expect(byLayer.signature).toEqual([
      expect.stringMatching(/no final verdict, denied: .*UNKNOWN: LOOKUP_FAILED/),
    ]);
  });

  it('deny through the signature template when Gatekeeper cannot reach the provider (OPA v0 frameworks)', async () => {
    const unreachable = { [PROVIDER]: { kind: 'TransportFailure' as const, message: 'connection refused' } };

    const byLayer = await denialsByLayer(opa, VERIFIED, unreachable);

    expect(byLayer.signature).toEqual([
      `image-trust: ${VERIFIED}: no final verdict, denied: connection refused`,
    ]);
  });
});
