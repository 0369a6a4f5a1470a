/** Where a command writes: results on stdout, progress and errors on stderr. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal: only then is anything emphasised (see `emphasis`). */
  readonly stdoutIsTTY?: boolean;
}

/** What an emphasised word says: good (green), bad (red), not final yet (yellow). */
export type Tone = 'good' | 'bad' | 'pending';

/** Emphasises a word for people, or leaves it as it is. */
export type Emphasis = (text: string, tone: Tone) => string;

/** Text left as it is: for JSON, pipes, files, and NO_COLOR. */
export const plain: Emphasis = (text) => text;

const SGR: Readonly<Record<Tone, string>> = { good: '1;32', bad: '1;31', pending: '1;33' };

/**
 * Bold colour for a person at a terminal, plain text otherwise: on only when stdout is a TTY, NO_COLOR
 * is unset or empty (no-color.org) and TERM is not `dumb`.
 */
export function emphasis(io: Pick<CliIo, 'env' | 'stdoutIsTTY'>): Emphasis {
  const on = io.stdoutIsTTY === true && (io.env.NO_COLOR ?? '') === '' && io.env.TERM !== 'dumb';
  return on ? (text, tone) => `\u001b[${SGR[tone]}m${text}\u001b[0m` : plain;
}

/** A column of a table: its heading, how to read a row, and the widest it may get (then `…`). */
export interface Column<T> {
  readonly heading: string;
  readonly value: (row: T) => string;
  readonly maxWidth?: number;
}

/** Rows as a plain-text table for people: one header line, columns padded, over-long cells cut with `…`. */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((row) => columns.map((c) => clip(oneLine(c.value(row)), c.maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.heading.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.heading)), ...cells.map(line)].join('\n') + '\n';
}

/**
 * Labelled lines (`label   value`), empty values left out. The label column is as wide as the widest
 * label that could be shown, so that output of the same kind always lines up the same way.
 */
export function fields(entries: readonly (readonly [string, string | undefined])[]): string {
  const shown = entries.filter((e): e is readonly [string, string] => e[1] !== undefined && e[1] !== '');
  const width = Math.max(0, ...entries.map(([label]) => label.length));
  return shown.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n') + '\n';
}

/** JSON for scripts: two-space indented, one trailing newline. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** `…@sha256:0123456789ab…`: a digest cut to 12 hex characters, for tables (the JSON keeps it whole). */
export function shortDigests(text: string): string {
  return text.replace(/sha256:([0-9a-f]{12})[0-9a-f]{52}/g, 'sha256:$1…');
}

/** Text cut to `max` characters, the last one `…`. */
export function clip(text: string, max: number | undefined): string {
  return max === undefined || text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
