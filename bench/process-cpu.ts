import { readdirSync, readFileSync } from 'node:fs';

/** Linux's clock ticks per second (`getconf CLK_TCK`), the unit of /proc/PID/stat's CPU times. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, ms) by the name `classify` gives each process; `bench` is this process. */
export type CpuByName = ReadonlyMap<string, number>;

/**
 * The CPU time spent so far by this process (`bench`) and by each of its descendants that `classify`
 * names from its command line (the local services, the signer worker), summed per name: two readings'
 * difference is what each spent in between. Linux only (/proc); a process that exited in between is lost.
 */
export function cpuByProcess(classify: (commandLine: string) => string | undefined): CpuByName {
  const stats = new Map<number, { parent: number; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOrEmpty(`/proc/${entry}/stat`);
    // After the command name in parentheses: state, ppid, ... utime (14th field), stime (15th).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.length < 13) continue;
    const ticks = Number(fields[11]) + Number(fields[12]);
    stats.set(Number(entry), { parent: Number(fields[1]), ms: (ticks * 1000) / TICKS_PER_SECOND });
  }
  const totals = new Map<string, number>();
  const add = (name: string, ms: number) => totals.set(name, (totals.get(name) ?? 0) + ms);
  add('bench', stats.get(process.pid)?.ms ?? 0);
  for (const [pid, { ms }] of stats) {
    if (pid === process.pid || !descends(stats, pid)) continue;
    const name = classify(readOrEmpty(`/proc/${pid}/cmdline`).replaceAll('\0', ' '));
    if (name) add(name, ms);
  }
  return totals;
}

/** Per name, what `after` adds to `before`. */
export function cpuSpent(before: CpuByName, after: CpuByName): Map<string, number> {
  return new Map([...after].map(([name, ms]) => [name, ms - (before.get(name) ?? 0)]));
}

function descends(stats: ReadonlyMap<number, { parent: number }>, pid: number): boolean {
  for (let at = stats.get(pid)?.parent; at !== undefined && at > 1; at = stats.get(at)?.parent)
    if (at === process.pid) return true;
  return false;
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // gone in between
  }
}
