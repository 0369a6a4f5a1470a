/** Longest part of a rejected input repeated in an error message. */
const QUOTE_MAX = 80;

/**
 * Quotes untrusted text for an error message: in single quotes, at most 80 characters, with control
 * characters, non-ASCII characters, backslashes and quotes escaped, so a hostile input can neither break
 * a log line nor hide what it holds (bidirectional overrides, look-alike letters).
 */
export function quote(text: string): string {
  let out = '';
  let count = 0;
  for (const ch of text) {
    if (count === QUOTE_MAX) {
      return `'${out}…'`;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp > 0x7e) {
      out += `\\u{${cp.toString(16)}}`;
    } else if (ch === '\\' || ch === "'") {
      out += `\\${ch}`;
    } else {
      out += ch;
    }
    count += 1;
  }
  return `'${out}'`;
}

/** `U+000A` for a code point. */
export function codePoint(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}
