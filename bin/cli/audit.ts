import { readFile } from 'node:fs/promises';
import type { BatchResult } from './api-client';
import {
  auditExitCode,
  referencesToLookUp,
  sortContainers,
  summarize,
  type AuditRow,
  type AuditSummary,
} from './audit-sort';
import type { CliContext, Command } from './command';
import { UsageError } from './exit-codes';
import { emphasis, json, shortDigests, table, type CliIo, type Emphasis } from './output';
import { collectContainers } from './pod-images';
import { listBreakGlass } from './break-glass-list';

/** The most references one batch lookup takes (POST /v1/verdicts:batch). */
export const BATCH_SIZE = 100;

/**
 * `audit [FILE]`: reads `kubectl get pods -A -o json` (stdin, `-` or FILE), and sorts every container
 * image its spec names into tag-only, unverified, rejected and verified, looking the digests up in
 * batches of 100. Exit 0 when every image is verified, 1 when any is not.
 */
export const auditCommand: Command = {
  name: 'audit',
  usage: 'audit [FILE] | audit --break-glass',
  summary:
    'audit `kubectl get pods -A -o json` (stdin or FILE): which images are tag-only, unverified, rejected, verified; --break-glass lists break-glass uses (admin API)',
  args: [0, 1],
  options: ['api', 'admin-api', 'json', 'region', 'sign', 'quiet', 'break-glass'],
  async run(context) {
    const { io, options, args } = context;
    if (options.breakGlass) return listBreakGlass(context);
    const { containers, skipped } = collectContainers(await readDocument(io, args[0]));
    if (skipped.length > 0)
      context.progress(
        `skipped ${skipped.length} item(s) without a pod spec: ${skipped.slice(0, 5).join(', ')}`,
      );
    const answers = await lookUp(context, referencesToLookUp(containers));
    const rows = sortContainers(containers, answers);
    const summary = summarize(rows);
    io.stdout(options.json ? json({ summary, containers: rows }) : report(rows, summary, emphasis(io)));
    return auditExitCode(rows);
  },
};

/** The batch answers for every reference, by reference, in chunks of BATCH_SIZE, with progress. */
async function lookUp(context: CliContext, references: readonly string[]): Promise<Map<string, BatchResult>> {
  const answers = new Map<string, BatchResult>();
  if (references.length === 0) return answers;
  const client = context.api();
  context.progress(`looking up ${references.length} distinct digest(s) at ${context.options.api.origin}`);
  for (let start = 0; start < references.length; start += BATCH_SIZE) {
    const chunk = references.slice(start, start + BATCH_SIZE);
    const results = await client.batch(chunk);
    chunk.forEach((reference, i) => {
      const result = results[i];
      if (result !== undefined) answers.set(reference, result);
    });
    if (references.length > BATCH_SIZE)
      context.progress(`looked up ${start + chunk.length} of ${references.length}`);
  }
  return answers;
}

function report(rows: readonly AuditRow[], summary: AuditSummary, emphasize: Emphasis): string {
  const counts = `${summary.total} container(s): ${summary.verified} verified, ${summary.unverified} unverified, ${summary.rejected} rejected, ${summary['tag-only']} tag-only`;
  if (rows.length === 0) return `no containers found\n`;
  const verdict =
    summary.verified === summary.total
      ? emphasize('every image is verified', 'good')
      : emphasize('not every image is verified', 'bad');
  const pin =
    summary['tag-only'] > 0 ? '\npin tag-only images by digest: `image-trust resolve IMAGE` prints it\n' : '';
  return `${table(rows, [
    { heading: 'NAMESPACE', value: (r) => r.namespace, maxWidth: 24 },
    { heading: 'POD', value: (r) => r.pod, maxWidth: 40 },
    {
      heading: 'CONTAINER',
      value: (r) =>
        r.list === 'containers' ? r.container : `${r.container} (${r.list.replace('Containers', '')})`,
      maxWidth: 32,
    },
    { heading: 'IMAGE', value: (r) => shortDigests(r.image), maxWidth: 90 },
    { heading: 'CATEGORY', value: (r) => r.category },
    { heading: 'REASON', value: (r) => shortDigests(r.reason), maxWidth: 60 },
    {
      heading: 'NOTE',
      value: (r) => shortDigests((r.note ?? '').replace(/^runs \S+@/, 'runs ')),
      maxWidth: 40,
    },
  ])}\n${counts}: ${verdict}\n${pin}`;
}

/** The document from FILE, or from stdin when FILE is absent or `-`. */
async function readDocument(io: CliIo, file: string | undefined): Promise<unknown> {
  let text: string;
  if (file === undefined || file === '-') {
    if (io.stdin.isTTY === true) {
      throw new UsageError(
        'audit reads `kubectl get pods -A -o json` from stdin or FILE: pipe it in, or name a file',
      );
    }
    text = await readAll(io.stdin);
  } else {
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        { cause: error },
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `the input is not JSON (${(error as Error).message}): use \`kubectl get pods -A -o json\``,
      { cause: error },
    );
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
