import { join } from 'node:path';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import { LAYERS, type Layer } from '../../../functions/core/lookup/verdict-answer';
import {
  evaluateConstraintTemplate,
  type ExternalData,
  type OpaEvaluator,
  type ProviderAnswer,
} from '../../harness/opa/evaluate-constraint-template';
import { readConformanceJson } from '../../support/conformance';
import { dynamoClient, type ApiFixture } from '../lookup-api/api-fixture';

const TEMPLATES = join(__dirname, '../../../deploy/kubernetes/gatekeeper/templates');

/** The provider's name, as deploy/kubernetes/gatekeeper/provider.yaml gives it. */
export const PROVIDER = 'image-trust';

/** A real AdmissionReview request for a Pod (Kyverno's docs), its one container running `image`. */
export function podReview(image: string): unknown {
  const { request } = readConformanceJson<{
    request: { object: { spec: { containers: { image: string }[] } } };
  }>('admission', 'admissionreview', 'admissionreview-v1-pod-create.kyverno-docs.json');
  for (const container of request.object.spec.containers) container.image = image;
  return request;
}

/** The provider's real answer: the API handler on DynamoDB Local, asked as Gatekeeper asks. */
export async function providerAnswer(
  api: ApiFixture,
  keys: string[],
  options: { storeFails?: boolean } = {},
): Promise<ExternalData> {
  const overrides = options.storeFails
    ? { store: new DynamoDbVerdictStore({ client: dynamoClient(), tableName: 'no-such-table' }) }
    : undefined;
  const response = await api.call(
    {
      path: '/v1/gatekeeper/provider',
      body: JSON.stringify({
        apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
        kind: 'ProviderRequest',
        request: { keys },
      }),
      auth: { subject: 'CN=gatekeeper-webhook-service.gatekeeper-system.svc' },
    },
    overrides,
  );
  if (response.statusCode !== 200)
    throw new Error(`provider answered ${response.statusCode}: ${response.body}`);
  return { [PROVIDER]: response.json<ProviderAnswer>() };
}

/** Each current template's violation messages for one Pod running `image`, by layer. */
export async function denialsByLayer(
  opa: OpaEvaluator,
  image: string,
  externalData: ExternalData,
): Promise<Record<Layer, string[]>> {
  const out = {} as Record<Layer, string[]>;
  for (const layer of LAYERS) {
    const violations = await evaluateConstraintTemplate(opa, {
      template: join(TEMPLATES, `k8simagetrust${layer}.yaml`),
      review: podReview(image),
      externalData,
    });
    out[layer] = violations.map((v) => v.msg);
  }
  return out;
}
