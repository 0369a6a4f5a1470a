import { join } from 'node:path';
import { DynamoDbVerdictStore } from '../../../functions/adapters/dynamodb/dynamodb-verdict-store';
import {
  evaluateConstraintTemplate,
  type ExternalData,
  type OpaEvaluator,
  type ProviderAnswer,
} from '../../harness/opa/evaluate-constraint-template';
import { dynamoClient, type ApiFixture } from '../lookup-api/api-fixture';

/** The one image-trust ConstraintTemplate. */
export const TEMPLATE = join(__dirname, '../../../deploy/kubernetes/gatekeeper/templates/k8simagetrust.yaml');

/** The provider's name, as deploy/kubernetes/gatekeeper/provider.yaml gives it. */
export const PROVIDER = 'image-trust';

/** The provider's real answer: the API handler on DynamoDB Local, asked as Gatekeeper asks. */
export async function providerAnswer(
  api: ApiFixture,
  keys: string[],
  options: { storeFails?: boolean } = {},
): Promise<ProviderAnswer> {
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
  return response.json<ProviderAnswer>();
}

/** The template's violation messages for one review, external_data answered from `externalData`. */
export async function violations(
  opa: OpaEvaluator,
  review: unknown,
  externalData: ExternalData = {},
): Promise<string[]> {
  const found = await evaluateConstraintTemplate(opa, { template: TEMPLATE, review, externalData });
  return found.map((v) => v.msg);
}
