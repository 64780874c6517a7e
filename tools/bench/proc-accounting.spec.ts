import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  CpuWindow,
  descendantsOf,
  processParents,
  readCmdline,
  readEnvironVariable,
  parseProcStat,
  parseProcStatus,
  readPeakRssKb,
  readProcStat,
  sumByGroup,
  type ProcStat,
  type TrackedProcess,
} from './proc-accounting';

// A real line from this machine (cat reading its own stat), and one whose comm holds spaces and parentheses.
const CAT =
  '18948 (cat) R 18945 18945 14648 0 -1 4194304 101 0 0 0 7 3 0 0 20 0 1 0 519193 3133440 418 18446744073709551615 ' +
  '94591876927488 94591876947369 140720967301264 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0';
const ODD = '4242 (we (ird) name) S 1 4242 4242 0 -1 4194560 50 0 0 0 1234 567 8 9 20 0 1 0 99999 1000 10 0';

const stat = (pid: number, utime: number, stime: number, starttime: number): ProcStat => ({
  pid,
  comm: 'x',
  ppid: 1,
  utime,
  stime,
  starttime,
});
const proc = (pid: number, group = 'node', counted = true): TrackedProcess => ({ pid, group, label: `p${pid}`, counted });

describe('bench /proc accounting', () => {
  it('parses pid, comm, ppid, utime, stime and starttime of a stat line', () => {
    assert.deepEqual(parseProcStat(CAT), { pid: 18948, comm: 'cat', ppid: 18945, utime: 7, stime: 3, starttime: 519193 });
  });

  it('counts the fields after the last parenthesis, so a comm with spaces and parentheses parses', () => {
    assert.deepEqual(parseProcStat(ODD), { pid: 4242, comm: 'we (ird) name', ppid: 1, utime: 1234, stime: 567, starttime: 99999 });
  });

  it('refuses a line that is not a stat line or lacks fields', () => {
    assert.throws(() => parseProcStat('garbage'));
    assert.throws(() => parseProcStat('12 (x) S 1 2 3'));
  });

  it('reads VmHWM and VmRSS from a status text, and nothing for a kernel thread', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  150000 kB\nThreads:\t11\n';
    assert.deepEqual(parseProcStatus(status), { peakRssKb: 204800, rssKb: 150000 });
    assert.deepEqual(parseProcStatus('Name:\tkthreadd\nThreads:\t1\n'), { peakRssKb: undefined, rssKb: undefined });
  });

  it('finds every descendant of a process, not its siblings or itself', () => {
    const parents = new Map([
      [10, 1],
      [11, 10],
      [12, 11],
      [13, 11],
      [20, 1],
      [21, 20],
    ]);
    assert.deepEqual(descendantsOf(10, parents).sort(), [11, 12, 13]);
    assert.deepEqual(descendantsOf(13, parents), []);
  });

  it('counts CPU from the opening reading, from zero for a process born in the window, and keeps an exited one', () => {
    const window = new CpuWindow(1000);
    window.observe(proc(1), stat(1, 500, 100, 10)); // there at the opening: 600 ticks before
    window.observe(proc(2), stat(2, 40, 10, 900)); // started before the opening, first seen later: from 50
    window.observe(proc(3), stat(3, 5, 5, 1200)); // started in the window: from 0
    window.observe(proc(4), stat(4, 30, 0, 20)); // gone before the closing
    window.observe(proc(4), stat(4, 45, 5, 20));
    window.observe(proc(1), stat(1, 650, 150, 10), 2048, true);
    window.observe(proc(2), stat(2, 60, 20, 900), undefined, true);
    window.observe(proc(3), stat(3, 25, 15, 1200), 512, true);
    const byPid = new Map(window.usage().map((u) => [u.pid, u]));
    assert.equal(byPid.get(1)!.ticks, 200);
    assert.equal(byPid.get(1)!.peakRssKb, 2048);
    assert.equal(byPid.get(2)!.ticks, 30);
    assert.equal(byPid.get(3)!.ticks, 40);
    assert.equal(byPid.get(3)!.bornInWindow, true);
    assert.equal(byPid.get(4)!.ticks, 20);
    assert.equal(byPid.get(4)!.exited, true);
    assert.equal(byPid.get(1)!.exited, false);
  });

  it('treats a reused pid with another start time as another process', () => {
    const window = new CpuWindow(0);
    window.observe(proc(7), stat(7, 100, 0, 5));
    window.observe(proc(7), stat(7, 3, 0, 50), undefined, true);
    assert.equal(window.usage().length, 2);
  });

  it('sums milliseconds per group with the clock tick rate and keeps the largest peak RSS', () => {
    const groups = sumByGroup(
      [
        { ...proc(1), ticks: 150, bornInWindow: false, exited: false, peakRssKb: 100 },
        { ...proc(2), ticks: 50, bornInWindow: true, exited: true, peakRssKb: 300 },
        { ...proc(3, 'postgres server (shared, not counted)', false), ticks: 10, bornInWindow: false, exited: false },
      ],
      100,
    );
    assert.deepEqual(groups, [
      { group: 'node', counted: true, cpuMs: 2000, processes: 2, started: 1, exited: 1, peakRssKb: 300 },
      { group: 'postgres server (shared, not counted)', counted: false, cpuMs: 100, processes: 1, started: 0, exited: 0 },
    ]);
  });

  it('reads this process: its stat grows with the CPU it burns, and it has a peak RSS', async () => {
    const first = readProcStat(process.pid)!;
    assert.equal(first.pid, process.pid);
    assert.equal(first.ppid, process.ppid);
    const start = process.cpuUsage();
    let spin = 0;
    while (process.cpuUsage(start).user < 200_000) spin++;
    const second = readProcStat(process.pid)!;
    assert.ok(spin > 0);
    assert.ok(second.utime + second.stime > first.utime + first.stime);
    assert.ok(readPeakRssKb(process.pid)! > 0);
    assert.equal(readProcStat(2 ** 31 - 1), undefined);
  });

  it('finds a child of this process with its command line and environment', async () => {
    const child = spawn('sleep', ['30'], { env: { PATH: process.env.PATH, BENCH_SPEC_MARK: 'found-it' }, stdio: 'ignore' });
    try {
      await once(child, 'spawn');
      const pid = child.pid!;
      // spawn() returns once the process exists; exec of sleep may follow: wait until its command line is sleep's.
      let cmdline = '';
      for (let i = 0; i < 100 && cmdline !== 'sleep 30'; i++) {
        cmdline = readCmdline(pid);
        if (cmdline !== 'sleep 30') await new Promise((r) => setTimeout(r, 20));
      }
      assert.equal(cmdline, 'sleep 30');
      assert.equal(await readEnvironVariable(pid, 'BENCH_SPEC_MARK'), 'found-it');
      assert.equal(await readEnvironVariable(pid, 'NOT_THERE'), undefined);
      assert.ok(descendantsOf(process.pid, processParents()).includes(pid));
    } finally {
      child.kill('SIGTERM');
    }
  });
});
