import {
  evaluateConstraintTemplate,
  startOpa,
  type OpaEvaluator,
} from '../../harness/opa/evaluate-constraint-template';
import { TinyTemplates } from './tiny-template';

let opa: OpaEvaluator;
const templates = new TinyTemplates();

beforeAll(async () => {
  opa = await startOpa();
});

afterAll(() => {
  opa.close();
  templates.remove();
  const { startMs, evaluationsMs } = opa.timings;
  const sorted = [...evaluationsMs].sort((a, b) => a - b);
  console.info(
    `OPA (wasm) start ${startMs.toFixed(0)} ms; ${sorted.length} evaluations, ` +
      `median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`,
  );
});

const review = (name: string) => ({ operation: 'CREATE', object: { metadata: { name } } });

const NAME_RULE = `package k8stiny

violation[{"msg": msg}] {
  input.review.object.metadata.name == "forbidden"
  msg := sprintf("name %v with parameter %v", [input.review.object.metadata.name, input.parameters.level])
}
`;

describe('the OPA harness', () => {
  it('evaluates for real: the outcome flips with the string compared', async () => {
    const template = templates.write(NAME_RULE);
    const parameters = { level: 3 };

    const denied = await evaluateConstraintTemplate(opa, {
      template,
      parameters,
      review: review('forbidden'),
    });
    const allowed = await evaluateConstraintTemplate(opa, {
      template,
      parameters,
      review: review('forbidden2'),
    });
    const changed = await evaluateConstraintTemplate(opa, {
      template: templates.write(NAME_RULE.replace('"forbidden"', '"forbidden2"')),
      parameters,
      review: review('forbidden2'),
    });

    expect(denied).toEqual([{ msg: 'name forbidden with parameter 3' }]);
    expect(allowed).toEqual([]);
    expect(changed).toEqual([{ msg: 'name forbidden2 with parameter 3' }]);
  });

  it('gives a syntax error back as an OPA error', async () => {
    const template = templates.write('package k8stiny\n\nviolation[{"msg": msg}] {\n  msg := \n');

    await expect(evaluateConstraintTemplate(opa, { template, review: review('x') })).rejects.toThrow(
      /^OPA: .*rego_parse_error/s,
    );
  });

  it('gives a type error back as an OPA error', async () => {
    const template = templates.write(
      'package k8stiny\n\nviolation[{"msg": msg}] {\n  msg := concat(1, 2)\n}\n',
    );

    await expect(evaluateConstraintTemplate(opa, { template, review: review('x') })).rejects.toThrow(
      /^OPA: .*rego_type_error/s,
    );
  });

  it('merges libs into the package, by import alias and by data path', async () => {
    const lib = 'package lib.naming\n\nbad(name) {\n  startswith(name, "tmp-")\n}\n';
    const template = templates.write(
      [
        'package k8stiny',
        'import data.lib.naming as n',
        'violation[{"msg": "alias"}] {\n  n.bad(input.review.object.metadata.name)\n}',
        'violation[{"msg": "path"}] {\n  data.lib.naming.bad(input.review.object.metadata.name)\n}',
      ].join('\n\n'),
      [lib],
    );

    expect(await evaluateConstraintTemplate(opa, { template, review: review('tmp-1') })).toEqual([
      { msg: 'alias' },
      { msg: 'path' },
    ]);
    expect(await evaluateConstraintTemplate(opa, { template, review: review('app') })).toEqual([]);
  });

  it('refuses a template rule named like one of the module’s own rules', async () => {
    const template = templates.write('package k8stiny\n\nwarning[{"msg": "w"}] {\n  true\n}\n');

    await expect(evaluateConstraintTemplate(opa, { template, review: review('x') })).rejects.toThrow(
      /cannot merge: warning/,
    );
  });

  it('answers external_data in Gatekeeper’s RegoResponse shape, for the keys asked only', async () => {
    const template = templates.write(
      'package k8stiny\n\nviolation[{"msg": json.marshal(r)}] {\n' +
        '  r := external_data({"provider": "p", "keys": ["a", "b", "c"]})\n}\n',
    );
    const items = [
      { key: 'a', value: { ok: true } },
      { key: 'b', error: 'no such image' },
      { key: 'c' },
      { key: 'not-asked', value: 1 },
    ];
    const answer = {
      kind: 'ProviderResponse' as const,
      response: { idempotent: true, items, systemError: 'busy' },
    };

    const [answered] = await evaluateConstraintTemplate(opa, {
      template,
      review: {},
      externalData: { p: answer },
    });
    const [failed] = await evaluateConstraintTemplate(opa, {
      template,
      review: {},
      externalData: { p: { kind: 'TransportFailure', message: 'connection refused' } },
    });
    const [unknown] = await evaluateConstraintTemplate(opa, { template, review: {} });

    expect(JSON.parse(answered?.msg ?? '')).toEqual({
      responses: [
        ['a', { ok: true }],
        ['c', null],
      ],
      errors: [['b', 'no such image']],
      status_code: 200,
      system_error: 'busy',
    });
    expect(JSON.parse(failed?.msg ?? '')).toEqual({
      responses: null,
      errors: null,
      status_code: 500,
      system_error: 'connection refused',
    });
    expect(JSON.parse(unknown?.msg ?? '')).toMatchObject({ status_code: 400, responses: null });
  });
});
