import { providerResponseSchema } from '../../../functions/lookup-api/schemas/response-schemas';
import {
  answerReasonSchema,
  verdictAnswerSchema,
} from '../../../functions/lookup-api/schemas/verdict-answer-schema';
import { answerGatekeeper } from '../../../functions/core/admission/answer-gatekeeper';
import { CONTAINER_LISTS, POD_SPEC_PATHS } from '../../../functions/core/admission/admission-images';
import { CHECK_RESULTS, LAYERS, type VerdictAnswer } from '../../../functions/core/lookup/verdict-answer';
import { imageKey, memoryDeps, refOf } from '../core/lookup/lookup-fixtures';
import { failed, observed, passed } from '../core/verdict/verdict-events';
import { field, objectsOfKind, type Manifest } from './manifests';

/** The rego of each template, by the layer it names, and its library. */
function templates(): { name: string; layer: string; rego: string; libs: string[] }[] {
  return objectsOfKind('ConstraintTemplate').map((t: Manifest) => {
    const rego = field<string>(t, 'spec', 'targets', 0, 'rego');
    const layer = /imagetrust\.failed\(image, "([a-z]+)"\)/.exec(rego)?.[1] ?? '';
    return {
      name: t.metadata?.name ?? '',
      layer,
      rego,
      libs: field<string[]>(t, 'spec', 'targets', 0, 'libs'),
    };
  });
}

const lib = () => templates()[0]?.libs[0] ?? '';

/** Brackets balance outside strings and comments. */
function balanced(rego: string): boolean {
  const code = rego.replace(/#.*$/gm, '').replace(/"(\\.|[^"\\])*"/g, '""');
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const ch of code) {
    if ('([{'.includes(ch)) stack.push(ch);
    else if (ch in pairs && stack.pop() !== pairs[ch]) return false;
  }
  return stack.length === 0;
}

describe('the Gatekeeper templates', () => {
  it('cover the four layers, one template each', () => {
    expect(
      templates()
        .map((t) => t.layer)
        .sort(),
    ).toEqual([...LAYERS].sort());
    expect(
      templates()
        .map((t) => t.name)
        .sort(),
    ).toEqual(LAYERS.map((l) => `k8simagetrust${l}`).sort());
  });

  it.each(templates().map((t) => [t.name, t] as const))(
    '%s declares its own package and imports the library',
    (name, t) => {
      expect(t.rego).toMatch(new RegExp(`^package ${name}\\n`));
      expect(t.rego).toContain('import data.lib.imagetrust');
      expect(t.rego).toMatch(/violation\[\{"msg": msg\}\] \{/);
      expect(t.libs).toHaveLength(1);
      expect(balanced(t.rego)).toBe(true);
      expect(t.rego).not.toMatch(/\t/);
    },
  );

  it('share one library, word for word', () => {
    const libs = new Set(templates().map((t) => t.libs[0]));

    expect(libs.size).toBe(1);
    expect(lib()).toMatch(/^package lib\.imagetrust\n/);
    expect(balanced(lib())).toBe(true);
  });

  it('call the provider by the name the Provider has', () => {
    const [provider] = objectsOfKind('Provider');

    expect(lib()).toContain(`provider = "${provider?.metadata?.name}"`);
    expect(lib()).toContain('external_data({"provider": provider, "keys": keys})');
  });

  it('read every container list and pod spec the API reads', () => {
    const lists = /container_lists = \{(.*)\}/
      .exec(lib())?.[1]
      ?.split(', ')
      .map((s) => JSON.parse(s) as string);
    const specs = [...lib().matchAll(/spec := input\.review\.object\.([a-zA-Z.]+)\n/g)].map((m) => m[1]);

    expect(lists).toEqual([...CONTAINER_LISTS]);
    expect(new Set(specs)).toEqual(new Set(Object.values(POD_SPEC_PATHS).map((p) => p.join('.'))));
  });

  it('read only fields the provider answer has', () => {
    const answerFields = Object.keys(verdictAnswerSchema.shape);
    const reasonFields = Object.keys(answerReasonSchema.shape);

    expect(lib()).toContain('value.checks[layer] == "fail"');
    expect(answerFields).toEqual(expect.arrayContaining(['checks', 'reasons']));
    expect(CHECK_RESULTS).toContain('fail');
    expect(lib()).toContain('[r.message | r := value.reasons[_]; r.layer == layer]');
    expect(reasonFields).toEqual(expect.arrayContaining(['message', 'layer']));
    expect(Object.keys(providerResponseSchema.shape.response.shape)).toEqual(
      expect.arrayContaining(['items', 'systemError']),
    );
  });

  it('use no builtin but external_data, sprintf, concat and count', () => {
    const defined = new Set(['answer', 'failed', 'unanswered', 'problem']);
    const calls = templates().flatMap((t) =>
      [...`${t.rego}\n${t.libs[0]}`.matchAll(/([a-z_][a-z_.]*)\(/g)].map((m) => m[1]),
    );

    for (const call of calls) {
      const name = (call ?? '').replace(/^imagetrust\./, '');
      expect(['external_data', 'sprintf', 'concat', 'count', ...defined]).toContain(name);
    }
  });

  it('deny an image without an answer in the signature template only (fail closed, once)', () => {
    for (const t of templates()) {
      expect(t.rego.includes('imagetrust.unanswered(image)')).toBe(t.layer === 'signature');
    }
  });
});

/**
 * The templates' decision, transcribed from their rego: a template denies an image whose answer
 * fails its layer; the signature template also denies an image without an answer. The rego cannot
 * run here (no OPA engine), so this pins the contract between provider answers and templates.
 */
function violations(
  response: {
    items: readonly { key: string; value: VerdictAnswer }[];
    systemError?: string;
  },
  images: readonly string[],
): string[] {
  const answers = new Map(response.items.map((i) => [i.key, i.value]));
  return images.flatMap((image) => {
    const value = answers.get(image);
    if (value === undefined) return [`signature ${image}: ${response.systemError ?? 'no answer'}`];
    return LAYERS.filter((l) => value.checks[l] === 'fail').map((l) => `${l} ${image}`);
  });
}

describe('the templates on real provider answers', () => {
  it('deny each image by the layer that failed, and a pending one by the signature template only', async () => {
    const deps = memoryDeps();
    deps.store.record(imageKey('1'), observed('p', 0), passed('e', 10));
    deps.store.record(imageKey('2'), observed('p', 0), failed('e', 10));
    deps.store.record(imageKey('3'), observed('p', 0));
    const images = [refOf(imageKey('1')), refOf(imageKey('2')), refOf(imageKey('3')), 'nginx:latest'];

    const { response } = await answerGatekeeper(deps, {
      apiVersion: 'externaldata.gatekeeper.sh/v1beta1',
      kind: 'ProviderRequest',
      request: { keys: images },
    });

    expect(violations(response, images)).toEqual([
      `scan ${images[1]}`,
      `signature ${images[2]}: ${response.systemError}`,
      'allowlist nginx:latest',
      'digest nginx:latest',
    ]);
  });
});
