import {
  DEAD_LETTER_QUEUE_URL,
  SIGNER_QUEUE_URL,
  SIGNING_KEY_ID,
  TABLE_NAME,
} from '../../functions/runtime/environment-names';
import { functionEnvironment, type FunctionName } from '../../functions/runtime/environment';
import type { ImageTrustFunction } from '../../lib/pipeline/image-trust-function';
import {
  exampleConfig,
  logicalId,
  propertiesOf,
  roleStatements,
  synthesize,
  type Statement,
} from './support/synth';

/** A function's environment as synthesised: literal values, or references to resources. */
function deployedEnvironment(
  app: ReturnType<typeof synthesize>,
  fn: ImageTrustFunction,
): Record<string, unknown> {
  const props = propertiesOf(app.serviceTemplate, 'AWS::Lambda::Function', fn.function) as {
    Environment: { Variables: Record<string, unknown> };
  };
  return props.Environment.Variables;
}

/**
 * The resource a value refers to: its logical id for `Ref`, `Fn::GetAtt`, or (across stacks) the
 * stateful stack's export, whose name carries the logical id of what it exports; a literal (an
 * imported key's ARN) as it is.
 */
function referent(app: ReturnType<typeof synthesize>, value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return v.Ref;
  if (Array.isArray(v['Fn::GetAtt'])) return String(v['Fn::GetAtt'][0]);
  const exported = v['Fn::ImportValue'];
  if (typeof exported !== 'string') return undefined;
  const stateful = Object.keys(app.statefulTemplate.toJSON().Resources as Record<string, unknown>);
  return stateful.find((id) => exported.includes(id));
}

/** A synthesised value as text, references replaced by `placeholder` (inside a JSON value too: Fn::Join). */
function placeholders(value: unknown, placeholder: string): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (join === undefined) return placeholder;
  return join[1].map((part) => placeholders(part, 'ref')).join(join[0]);
}

/** The variable that names a resource, and what the function must be allowed to do with that resource. */
const GRANTS: readonly { readonly variable: string; readonly action: string }[] = [
  { variable: TABLE_NAME, action: 'dynamodb:GetItem' },
  { variable: SIGNING_KEY_ID, action: 'kms:Sign' },
  { variable: SIGNER_QUEUE_URL, action: 'sqs:SendMessage' },
  { variable: DEAD_LETTER_QUEUE_URL, action: 'sqs:SendMessage' },
];

const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? (s.Resource as unknown[]) : [s.Resource]);
const allows = (s: Statement, action: string) =>
  s.Effect === 'Allow' && (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action);

describe.each([
  ['basic scanning', exampleConfig()],
  [
    'Trivy reports in the image, a key imported by ARN',
    exampleConfig({
      scanning: { mode: 'trivy-annotation' },
      key: {
        mode: 'import',
        keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
    }),
  ],
])('each function environment (%s)', (_name, config) => {
  const app = synthesize(config);
  const { pipeline, lookup, admin } = app.service;
  const functions = [...pipeline.functions.map((f) => f.fn), lookup, admin];

  it.each(functions.map((fn) => [fn.node.id, fn] as const))(
    '%s: what the deployment sets is what its function reads at cold start',
    (_id, fn) => {
      // References become placeholders: the parser checks presence and form, not deploy-time values.
      const env = Object.fromEntries(
        Object.entries(deployedEnvironment(app, fn)).map(([k, v]) => [k, placeholders(v, `{${k}}`)]),
      );

      expect(() => functionEnvironment(fn.entry as FunctionName, env)).not.toThrow();
    },
  );

  it.each(functions.map((fn) => [fn.node.id, fn] as const))(
    '%s: every variable that names a resource comes with its grant on that resource',
    (_id, fn) => {
      const env = deployedEnvironment(app, fn);
      const statements = roleStatements(app.serviceTemplate, fn);
      for (const { variable, action } of GRANTS.filter((g) => g.variable in env)) {
        const target = referent(app, env[variable]);
        const granted = statements
          .filter((s) => allows(s, action))
          .flatMap(resourcesOf)
          .map((r) => referent(app, r));

        expect({ variable, target }).toEqual({ variable, target: expect.any(String) });
        expect({ variable, granted }).toEqual({ variable, granted: expect.arrayContaining([target]) });
      }
    },
  );

  it.each(functions.map((fn) => [fn.node.id, fn] as const))(
    '%s: no grant to sign or hand off without the variable that says where',
    (_id, fn) => {
      const env = deployedEnvironment(app, fn);
      const statements = roleStatements(app.serviceTemplate, fn);
      const signerQueue = logicalId(pipeline.signerQueue.queue);
      const handsOff = statements
        .filter((s) => allows(s, 'sqs:SendMessage'))
        .flatMap(resourcesOf)
        .some((r) => referent(app, r) === signerQueue);
      const signs = statements.some((s) => allows(s, 'kms:Sign'));

      expect({ signs, handsOff }).toEqual({
        signs: SIGNING_KEY_ID in env,
        handsOff: SIGNER_QUEUE_URL in env,
      });
    },
  );
});
