import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One listening TCP socket as `ss -ltnpH` shows it. */
export interface ListeningSocket {
  readonly address: string;
  readonly port: number;
  readonly pids: readonly number[];
}

/** Every listening TCP socket of this network namespace, with the processes that hold it (ours only). */
export function listeningSockets(): ListeningSocket[] {
  const out = execFileSync('ss', ['-ltnpH'], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const local = line.trim().split(/\s+/)[3] ?? '';
      const colon = local.lastIndexOf(':');
      const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
      return { address: local.slice(0, colon), port: Number(local.slice(colon + 1)), pids };
    });
}

/** The processes of a process group (a detached child and everything it started). */
export function processGroup(pgid: number): Set<number> {
  const pids = new Set<number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command's closing parenthesis: state, ppid, pgrp, ...
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pids.add(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Whether an address of `ss` is loopback: 127.0.0.0/8 or ::1 (never *, 0.0.0.0 or [::]). */
export function isLoopback(address: string): boolean {
  return /^127\.\d+\.\d+\.\d+$/.test(address) || address === '[::1]' || address === '[::ffff:127.0.0.1]';
}
