/**
 * Text safe to show in a Kubernetes message or warning: one line of printable ASCII (anything else
 * becomes `?`), at most `max` characters (cut with `...`).
 */
export function oneLine(text: string, max = 2000): string {
  const printable = text.replace(/[^\x20-\x7e]/g, '?');
  return printable.length <= max ? printable : `${printable.slice(0, Math.max(0, max - 3))}...`;
}
