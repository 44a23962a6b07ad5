/**
 * Processor time used by processes, read from Linux's /proc: what a run cost the machine, whatever
 * else shares it. Wall-clock rates swing with the load of the moment; processor time per request
 * swings much less.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux this runs on

/** The fields of /proc/<pid>/stat after the command name, which may itself hold spaces. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // the process has ended
  }
}

/** User + system processor seconds of one process so far. */
function processSeconds(pid: number): number {
  const fields = statFields(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND : 0;
}

/** A process and its children (PostgreSQL's backends are children of the postmaster). */
function withChildren(rootPid: number): number[] {
  const children = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => statFields(pid)?.[1] === String(rootPid));
  return [rootPid, ...children];
}

/** The PostgreSQL server of an embedded data folder, read from its postmaster.pid. */
export function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** A process whose processor time is counted, with its children or not. */
export interface CountedProcess {
  pid: number;
  children?: boolean;
}

/**
 * Starts counting the processor time of processes. Children are listed again at the end, so that
 * backends started meanwhile count; those that ended meanwhile are missed, which pooled
 * connections make rare. Answers a function that gives the seconds spent since, per label.
 */
export function startCpuCount(processes: Record<string, CountedProcess>): () => Record<string, number> {
  const pidsOf = ({ pid, children }: CountedProcess): number[] => (children ? withChildren(pid) : [pid]);
  const startedWith = new Map<number, number>();
  for (const counted of Object.values(processes)) for (const pid of pidsOf(counted)) startedWith.set(pid, processSeconds(pid));
  return () => {
    const spent: Record<string, number> = {};
    for (const [label, counted] of Object.entries(processes)) {
      spent[label] = pidsOf(counted).reduce((sum, pid) => sum + processSeconds(pid) - (startedWith.get(pid) ?? 0), 0);
    }
    return spent;
  };
}
