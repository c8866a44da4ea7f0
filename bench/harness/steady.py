#!/usr/bin/env python3
"""Runs one crawl and reports its CPU per picture over time, to tell start-up from steady state.

  bench/harness/steady.py OUT -- COMMAND...

COMMAND must save its pictures into OUT. Every second the CPU of its process tree (user+sys, all
threads) and the pictures saved so far (lines of OUT/manifest.jsonl, else files in OUT) are
sampled; at the end a table gives CPU per picture in each tenth of the crawl and over its steady
part (from 20% to 90% of the pictures).
"""
import os
import subprocess
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def stat(pid):
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()


def cpu_seconds(root):
    """User+sys of ROOT and its descendants (a wrapper such as /usr/bin/time and what it runs)."""
    children, cpu = {}, {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                f = stat(int(name))
            except (FileNotFoundError, ProcessLookupError):
                continue
            children.setdefault(int(f[1]), []).append(int(name))
            cpu[int(name)] = (int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])) / TICK  # own + reaped
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += children.get(pid, [])
    return total


class Counter:
    """Pictures saved so far: manifest lines, read incrementally."""

    def __init__(self, out):
        self.manifest = os.path.join(out, "manifest.jsonl")
        self.out = out
        self.offset = 0
        self.lines = 0

    def count(self):
        try:
            with open(self.manifest, "rb") as f:
                f.seek(self.offset)
                data = f.read()
            self.offset += len(data)
            self.lines += data.count(b"\n")
            return self.lines
        except FileNotFoundError:
            try:
                return sum(1 for e in os.scandir(self.out) if e.is_file())
            except FileNotFoundError:
                return 0


def main():
    if "--" not in sys.argv or sys.argv.index("--") != 2:
        raise SystemExit(__doc__)
    out, cmd = sys.argv[1], sys.argv[3:]
    counter = Counter(out)
    start = time.monotonic()
    proc = subprocess.Popen(cmd)
    samples = []
    while proc.poll() is None:
        try:
            samples.append((time.monotonic() - start, cpu_seconds(proc.pid), counter.count()))
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
        time.sleep(1)
    code = proc.wait()
    total = samples[-1][2] if samples else 0
    if code != 0 or total == 0:
        raise SystemExit("exit %d after %d pictures" % (code, total))
    print("%d pictures, %.1f s wall, %.1f s CPU at the last sample" % (total, samples[-1][0], samples[-1][1]))
    print("| part of the crawl | pictures | CPU s | CPU ms/picture |")
    print("|---|---:|---:|---:|")

    def at(fraction):
        for s in samples:
            if s[2] >= fraction * total:
                return s
        return samples[-1]

    for i in range(10):
        a, b = (samples[0] if i == 0 else at(i / 10)), at((i + 1) / 10)
        n = b[2] - a[2]
        if n > 0:
            print("| %d%% to %d%% | %d | %.2f | %.3f |" % (i * 10, (i + 1) * 10, n, b[1] - a[1], (b[1] - a[1]) * 1000 / n))
    a, b = at(0.2), at(0.9)
    if b[2] > a[2]:
        print("| steady: 20%% to 90%% | %d | %.2f | **%.3f** |" % (b[2] - a[2], b[1] - a[1], (b[1] - a[1]) * 1000 / (b[2] - a[2])))


if __name__ == "__main__":
    main()
