/**
 * The position at which JSON text first nests deeper than `maxDepth` (objects and arrays), or -1.
 * A scan of the text, without parsing it, so that hostile nesting is refused before JSON.parse or
 * any recursive walk sees it.
 */
export function deepNestingAt(text: string, maxDepth: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) {
      inString = true;
    } else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > maxDepth) return i;
    } else if (ch === 0x7d || ch === 0x5d) {
      depth--;
    }
  }
  return -1;
}
