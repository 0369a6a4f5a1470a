/** One challenge of a `WWW-Authenticate` header: scheme in lower case and its parameters. */
export interface AuthChallenge {
  readonly scheme: string;
  /** Parameter names in lower case: `realm`, `service`, `scope`, `error`. */
  readonly params: Readonly<Record<string, string>>;
}

/**
 * Parses a `WWW-Authenticate` header (RFC 9110 challenges, quoted strings with escapes, several
 * challenges in one header): `Bearer realm="https://a/token",service="reg",scope="repository:x:pull,push"`.
 */
export function parseWwwAuthenticate(header: string | null): AuthChallenge[] {
  if (!header) return [];
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  let i = 0;
  const skip = (chars: string) => {
    while (i < header.length && chars.includes(header[i] ?? '')) i++;
  };
  const token = () => {
    const start = i;
    while (i < header.length && !' \t,="'.includes(header[i] ?? '')) i++;
    return header.slice(start, i);
  };
  const quoted = () => {
    let value = '';
    for (i++; i < header.length && header[i] !== '"'; i++) {
      if (header[i] === '\\') i++;
      value += header[i] ?? '';
    }
    i++;
    return value;
  };
  while (i < header.length) {
    skip(' \t,');
    const name = token();
    if (!name) {
      i++;
      continue;
    }
    skip(' \t');
    if (header[i] === '=') {
      i++;
      skip(' \t');
      const value = header[i] === '"' ? quoted() : token();
      const current = challenges[challenges.length - 1];
      if (current) current.params[name.toLowerCase()] = value;
    } else {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
    }
  }
  return challenges;
}
