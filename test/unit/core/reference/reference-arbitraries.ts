/**
 * fast-check generators for image references, built from the distribution grammar independently of the
 * parser under test, each with the parts the parser should find.
 */
import fc from 'fast-check';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
const HEX = '0123456789abcdef'.split('');
const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'.split('');

const alnum = fc.string({ unit: fc.constantFrom(...LOWER_ALNUM), minLength: 1, maxLength: 6 });
const separator = fc.constantFrom('.', '_', '__', '-', '--', '---');

/** `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*` */
export const pathComponent = fc
  .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 3 }))
  .map(([head, rest]) => head + rest.map(([sep, part]) => sep + part).join(''));

export const repositoryPath = fc.array(pathComponent, { minLength: 1, maxLength: 4 }).map((c) => c.join('/'));

export const sha256Hex = fc.string({ unit: fc.constantFrom(...HEX), minLength: 64, maxLength: 64 });
export const sha256Digest = sha256Hex.map((hex) => `sha256:${hex}`);

/** `[\w][\w.-]{0,127}`, without `..`, which the parser refuses anywhere (Docker allows it in tags). */
export const tag = fc
  .tuple(fc.constantFrom(...WORD), fc.string({ unit: fc.constantFrom(...WORD, '.', '-'), maxLength: 127 }))
  .map(([first, rest]) => first + rest)
  .filter((t) => !t.includes('..'));

/** A host name label; mixed case, since host names are case-insensitive. */
const label = fc
  .tuple(
    fc.constantFrom(...LOWER_ALNUM, 'A', 'Z'),
    fc.string({ unit: fc.constantFrom(...LOWER_ALNUM, '-', 'Q'), maxLength: 10 }),
    fc.constantFrom(...LOWER_ALNUM, 'X'),
  )
  .map(([a, middle, b]) => (middle === '' ? a : a + middle + b));

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const ipv6 = fc
  .ipV6()
  .filter((ip) => /^[0-9a-f:]+$/i.test(ip))
  .map((ip) => `[${ip}]`);
const host = fc.oneof(
  fc.array(label, { minLength: 2, maxLength: 4 }).map((l) => l.join('.')),
  fc.constant('localhost'),
  ipv4,
  ipv6,
  label.map((l) => `${l}.local`),
);

const port = fc.integer({ min: 1, max: 65535 });

/** A registry as written, which always reads as a registry (a '.', a port, brackets, or localhost). */
export const registry = fc.oneof(
  fc.tuple(host, fc.option(port, { nil: undefined })).map(([h, p]) => (p === undefined ? h : `${h}:${p}`)),
  fc.tuple(label, port).map(([l, p]) => `${l}:${p}`),
);

export interface GeneratedReference {
  /** The reference as written. */
  readonly text: string;
  /** What the parser should find. */
  readonly registry: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  readonly registryImplied: boolean;
}

const withRegistry = fc.tuple(registry, repositoryPath).map(([reg, path]) => {
  const lower = reg.toLowerCase();
  const dockerHub = lower === 'docker.io' || lower === 'index.docker.io';
  const repository = dockerHub && !path.includes('/') ? `library/${path}` : path;
  return { written: `${reg}/${path}`, registry: dockerHub ? 'docker.io' : lower, repository, implied: false };
});

/** Without a registry: the first component must not read as one. */
const withoutRegistry = repositoryPath
  .filter((path) => {
    const first = path.split('/')[0] ?? '';
    return !first.includes('.') && first !== 'localhost';
  })
  .map((path) => ({
    written: path,
    registry: 'docker.io',
    repository: path.includes('/') ? path : `library/${path}`,
    implied: true,
  }));

const dockerHubExplicit = fc
  .tuple(fc.constantFrom('docker.io', 'index.docker.io', 'Docker.IO'), repositoryPath)
  .map(([reg, path]) => ({
    written: `${reg}/${path}`,
    registry: 'docker.io',
    repository: path.includes('/') ? path : `library/${path}`,
    implied: false,
  }));

/** Valid references of every shape: any registry or none, optional tag, optional digest. */
export const validReference: fc.Arbitrary<GeneratedReference> = fc
  .tuple(
    fc.oneof(withRegistry, withoutRegistry, dockerHubExplicit),
    fc.option(tag, { nil: undefined }),
    fc.option(sha256Digest, { nil: undefined }),
  )
  .filter(([name]) => `${name.registry}/${name.repository}`.length <= 255)
  .map(([name, t, d]) => ({
    text: `${name.written}${t === undefined ? '' : `:${t}`}${d === undefined ? '' : `@${d}`}`,
    registry: name.registry,
    repository: name.repository,
    ...(t === undefined ? {} : { tag: t }),
    ...(d === undefined ? {} : { digest: d }),
    registryImplied: name.implied,
  }));

/** Characters a reference is made of, plus the ones it must never hold. */
const REFERENCE_SOUP = [
  ...'abcAZ09:/@._-[]'.split(''),
  'sha256:',
  'localhost',
  'docker.io/',
  '..',
  '//',
  ' ',
  '\n',
  '\t',
  '\u0000',
  ';',
  '$',
  '"',
  "'",
  '`',
  '\u00a0',
  'а',
  '😀',
  '\u202e',
];

/** Strings that are mostly reference-like: the parser's deeper branches get exercised. */
export const referenceSoup = fc
  .array(fc.constantFrom(...REFERENCE_SOUP), { maxLength: 40 })
  .map((parts) => parts.join(''));

/** A valid reference with one character inserted, replaced or removed. */
export const mutatedReference = fc
  .tuple(
    validReference,
    fc.nat(),
    fc.constantFrom('insert', 'replace', 'delete'),
    fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
  )
  .map(([ref, position, how, ch]) => {
    const i = position % (ref.text.length + 1);
    const before = ref.text.slice(0, i);
    const after = how === 'insert' ? ref.text.slice(i) : ref.text.slice(i + 1);
    return how === 'delete' ? before + after : before + ch + after;
  });
