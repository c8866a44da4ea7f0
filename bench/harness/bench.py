#!/usr/bin/env python3
"""Runs trawl and its peers against one nginx-served gallery and reports medians.

Called by run.sh (which installs what is missing); see docs/benchmarks.md for the command.
Each run gets a fresh output dir and is wrapped in /usr/bin/time for CPU (user+sys of the whole
process tree, reaped children included) and peak RSS (GNU time's %M: the largest single process of
the tree, not the sum). Every run is verified: the right number of files, each byte-identical to an
original picture (sha256). A wrong count fails the whole harness (exit 1).
"""
import argparse
import glob
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"  # Debian's python, where python3-aiohttp, -scrapy, -bs4 live
ALL_TOOLS = ["trawl", "aiohttp", "scrapy", "serial", "curl", "wget2"]
BEGIN, END = "<!-- harness-results:begin -->", "<!-- harness-results:end -->"

NGINX_CONF = """load_module /usr/lib/nginx/modules/ngx_http_echo_module.so;
worker_processes 2;
daemon off;
user nobody nogroup;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log error;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  log_not_found off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_timeout 65; keepalive_requests 1000000;
  types {{ text/html html; image/jpeg jpg; text/plain txt; }}
  default_type text/html;
  client_body_temp_path {prefix}/tmp; proxy_temp_path {prefix}/tmp; fastcgi_temp_path {prefix}/tmp;
  uwsgi_temp_path {prefix}/tmp; scgi_temp_path {prefix}/tmp;
  server {{
    listen 127.0.0.1:{port} backlog=4096;
    root {root};
{locations}
  }}
}}
"""
PLAIN = """    location / { }
    location /uploads/ { default_type image/jpeg; }"""
DELAYED = """    location / {{ echo_sleep {s}; echo_exec @static; }}
    location /uploads/ {{ default_type image/jpeg; echo_sleep {s}; echo_exec @static; }}
    location @static {{ }}"""


def log(*a):
    print("[bench]", *a, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    def __init__(self, work, root, delay_ms):
        self.prefix = tempfile.mkdtemp(prefix="nginx-", dir=work)
        os.makedirs(os.path.join(self.prefix, "tmp"))
        os.chmod(self.prefix, 0o755)
        self.port = free_port()
        locations = PLAIN if delay_ms == 0 else DELAYED.format(s="%.3f" % (delay_ms / 1000))
        conf = os.path.join(self.prefix, "nginx.conf")
        with open(conf, "w") as f:
            f.write(NGINX_CONF.format(prefix=self.prefix, port=self.port, root=root, locations=locations))
        self.proc = subprocess.Popen(["nginx", "-p", self.prefix, "-c", conf])
        deadline = time.time() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if self.proc.poll() is not None or time.time() > deadline:
                    raise SystemExit("nginx did not start; see " + self.prefix + "/error.log")
                time.sleep(0.05)
        self.base = "http://127.0.0.1:%d" % self.port

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def gallery(work, pages, works):
    root = os.path.join(work, "gallery-%dx%d" % (pages, works))
    if not os.path.exists(os.path.join(root, "sha256.txt")):
        subprocess.run([PY, os.path.join(HERE, "gallery.py"), root, "--pages", str(pages), "--works", str(works)], check=True)
    os.chmod(work, 0o755)
    for d, _, _ in os.walk(root):
        os.chmod(d, 0o755)
    expected = {}
    with open(os.path.join(root, "sha256.txt")) as f:
        for line in f:
            digest, name = line.split()
            expected[name] = digest
    return {"root": root, "pages": pages, "works": works, "expected": expected}


def commands(tool, g, base, out, trawl):
    n = g["pages"]
    if tool == "trawl":
        recipe = os.path.join(os.path.dirname(trawl), "recipes", "seed-gallery.toml")
        return [trawl, "get", "--recipe", recipe, "-o", out, "-j", "64", "--per-host", "64", "--quiet",
                "%s/picture/lists/p/{1..%d}" % (base, n)]
    if tool == "aiohttp":
        return [PY, os.path.join(HERE, "peers", "aiohttp_crawl.py"), base, str(n), out, "64"]
    if tool == "scrapy":
        return [PY, os.path.join(HERE, "peers", "scrapy_crawl.py"), base, str(n), out, "64"]
    if tool == "serial":
        return [PY, os.path.join(HERE, "peers", "serial_seed.py"), base, str(n), out]
    listing = os.path.join(os.path.dirname(out), "urls-%d.txt" % g["pages"])
    with open(os.path.join(g["root"], "images.txt")) as f:
        urls = [base + p.strip() for p in f if p.strip()]
    if tool == "curl":
        with open(listing, "w") as f:
            f.writelines('url = "%s"\n' % u for u in urls)
        return ["curl", "--no-progress-meter", "--show-error", "--fail", "--parallel", "--parallel-max", "64",
                "--remote-name-all", "--create-dirs", "--output-dir", out, "--config", listing]
    if tool == "wget2":
        with open(listing, "w") as f:
            f.writelines(u + "\n" for u in urls)
        return ["wget2", "--quiet", "--max-threads=64", "--no-robots", "--input-file", listing,
                "--directory-prefix", out]
    raise ValueError(tool)


def saved_files(tool, out):
    files = []
    for d, dirs, names in os.walk(out):
        dirs[:] = [x for x in dirs if x != ".trawl"]
        for name in names:
            if d == out and name in ("manifest.jsonl", "index.html"):
                continue  # trawl's manifest and contact sheet, not pictures
            files.append(os.path.join(d, name))
    return files


def verify(tool, g, out):
    """Returns None when OUT holds exactly the gallery's pictures, else what is wrong."""
    want = g["expected"]
    files = saved_files(tool, out)
    if len(files) != len(want):
        return "saved %d files, expected %d" % (len(files), len(want))
    by_digest = {v: k for k, v in want.items()}
    seen = set()
    for path in files:
        with open(path, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        if digest not in by_digest or digest in seen:
            return "unexpected bytes in " + path
        seen.add(digest)
        # Scrapy's FilesPipeline names files after the URL's sha1; everyone else keeps the name.
        if tool != "scrapy" and os.path.basename(path) != by_digest[digest]:
            return "%s holds the bytes of %s" % (path, by_digest[digest])
    if tool == "trawl":
        with open(os.path.join(out, "manifest.jsonl")) as f:
            rows = [json.loads(line) for line in f if line.strip()]
        ok = sum(1 for r in rows if r.get("status") == "saved")
        if ok != len(want):
            return "manifest has %d saved rows, expected %d" % (ok, len(want))
    return None


def run_one(tool, g, base, work, trawl, timeout, variants=None):
    variants = variants or {}
    out = tempfile.mkdtemp(prefix="out-%s-" % tool.replace("/", "-"), dir=work)
    shutil.rmtree(out)  # the tool creates it, as a user's fresh run would
    if tool in variants:
        cmd = commands("trawl", g, base, out, variants[tool][0])
    else:
        cmd = commands(tool, g, base, out, trawl)
    tfile = os.path.join(work, "time.txt")
    t0 = time.perf_counter()
    env = None
    if tool in variants:
        env = dict(os.environ, TRAWL_JAVA_OPTS=variants[tool][1])
    p = subprocess.run(["/usr/bin/time", "-f", "%U %S %M %w %c", "-o", tfile] + cmd,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout, env=env)
    wall = time.perf_counter() - t0
    with open(tfile) as f:
        user, sys_, rss_kb, vcs, ics = f.read().strip().splitlines()[-1].split()
    problem = None if p.returncode == 0 else "exit %d: %s" % (p.returncode, p.stdout.decode(errors="replace")[-400:])
    if problem is None:
        problem = verify("trawl" if tool in variants else tool, g, out)
    # Deleted only at the end: on ext4 without a journal, creating files shortly after deleting
    # thousands scans past the recently freed inodes, a cost of the harness, not of the next tool.
    if os.path.exists(out):
        os.makedirs(os.path.join(work, "done"), exist_ok=True)
        os.rename(out, os.path.join(work, "done", os.path.basename(out)))
    images = len(g["expected"])
    return {"tool": tool, "wall": wall, "cpu": float(user) + float(sys_), "rss_mb": int(rss_kb) / 1024,
            "vcs": int(vcs), "ics": int(ics), "load": loadavg(), "images": images, "ok": problem is None, "problem": problem}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def java_bin():
    found = sorted(glob.glob("/usr/lib/jvm/*25*/bin/java")) + sorted(glob.glob("/usr/lib/jvm/*21*/bin/java"))
    return os.environ.get("JAVA") or (found[0] if found else "java")


def startup(trawl, reps):
    """Wall time of `--version`: the launcher as users run it, and the bare JVM with and without CDS."""
    root = os.path.dirname(trawl)
    jar = os.path.join(root, "cli", "target", "trawl.jar")
    java = java_bin()
    subprocess.run([trawl, "--version"], stdout=subprocess.DEVNULL, check=True)  # builds and records CDS
    aot = os.path.join(root, "cli", "target", "trawl.aot")  # the launcher's archive on JDK 25+
    if os.path.exists(aot):
        own = ("`java -XX:AOTCache=trawl.aot -jar trawl.jar --version` (AOT cache, no launcher)",
               [java, "-Xlog:aot=off", "-Xlog:cds=off", "-XX:AOTCache=" + aot, "-jar", jar, "--version"])
    else:
        jsa = os.path.join(root, "cli", "target", "trawl.jsa")
        own = ("`java -XX:SharedArchiveFile=trawl.jsa -jar trawl.jar --version` (AppCDS, no launcher)",
               [java, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-XX:SharedArchiveFile=" + jsa, "-jar", jar, "--version"])
    variants = [
        ("`./trawl --version` (launcher, its start-up archive)", [trawl, "--version"]),
        ("`java -Xshare:off -jar trawl.jar --version` (no CDS at all)", [java, "-Xshare:off", "-jar", jar, "--version"]),
        ("`java -jar trawl.jar --version` (JDK's default CDS only)", [java, "-jar", jar, "--version"]),
        own,
    ]
    rows = []
    for label, cmd in variants:
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times.append(time.perf_counter() - t0)
        rows.append({"variant": label, "median_s": statistics.median(times), "min_s": min(times)})
    return rows


def summarize(runs, tools):
    by = {}
    for t in tools:
        rs = [r for r in runs if r["tool"] == t]
        if not rs:
            continue
        good = [r for r in rs if r["ok"]] or rs
        wall = statistics.median(r["wall"] for r in good)
        cpu = statistics.median(r["cpu"] for r in good)
        vcs = statistics.median(r.get("vcs", 0) for r in good)
        by[t] = {"wall": wall, "cpu": cpu, "cpu_ms_per_image": 1000 * cpu / good[0]["images"],
                 "vcs_per_image": vcs / good[0]["images"],
                 "rss_mb": max(r["rss_mb"] for r in good), "images": good[0]["images"],
                 "images_per_s": good[0]["images"] / wall, "ok": sum(r["ok"] for r in rs), "runs": len(rs)}
    return by


def table(summary, label_of):
    t = summary.get("trawl")
    lines = ["| tool | wall s (median) | wall / trawl | CPU s user+sys | CPU ms/image | CPU / trawl | voluntary cs/image | peak RSS MB | images/s | runs ok |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for tool, s in summary.items():
        rw = "%.2f" % (s["wall"] / t["wall"]) if t and s["images"] == t["images"] else "n/a"
        rc = "%.2f" % (s["cpu_ms_per_image"] / t["cpu_ms_per_image"]) if t else "n/a"
        lines.append("| %s | %.2f | %s | %.2f | %.3f | %s | %.2f | %.0f | %.0f | %d/%d |" % (
            label_of(tool), s["wall"], rw, s["cpu"], s["cpu_ms_per_image"], rc, s.get("vcs_per_image", 0), s["rss_mb"],
            s["images_per_s"], s["ok"], s["runs"]))
    return "\n".join(lines)


def versions(trawl):
    def out(cmd):
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
            return p.stdout.decode(errors="replace").strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_gb = int(f.readline().split()[1]) / 1024 / 1024
    pyv = out([PY, "-c", "import aiohttp, scrapy, bs4, sys; print(sys.version.split()[0], 'aiohttp', aiohttp.__version__, 'scrapy', scrapy.__version__, 'bs4', bs4.__version__)"])
    return {
        "nproc": os.cpu_count(), "memory_gb": round(mem_gb, 1), "cpu": cpu, "kernel": platform.release(),
        "jdk": out([java_bin(), "-version"]), "trawl": out([trawl, "--version"]),
        "python": pyv, "nginx": out(["nginx", "-v"]), "curl": out(["curl", "--version"]),
        "wget2": out(["wget2", "--version"]),
    }


def targets(res):
    """The issue's targets, trawl against the same work in the same run."""
    out = ["### Targets (issues 6 and 16)", "", "| target | measured | met |", "|---|---:|---|"]

    def row(what, value, limit, fmt="%.2f"):
        out.append("| %s | %s | %s |" % (what, fmt % value, "yes" if value <= limit else "**no**"))

    for d in res["delays"]:
        s = d["summary"]
        t, a, c = s.get("trawl"), s.get("aiohttp"), s.get("curl")
        if not t:
            continue
        limit = 0.5 if d["delay_ms"] == 0 else 0.6
        if a:
            row("wall at %d ms: trawl / aiohttp <= %.1f" % (d["delay_ms"], limit), t["wall"] / a["wall"], limit)
            row("CPU per image at %d ms: trawl / aiohttp <= 0.5" % d["delay_ms"], t["cpu_ms_per_image"] / a["cpu_ms_per_image"], 0.5)
        if d["delay_ms"] == 0:
            row("voluntary context switches per image at 0 ms <= 2", t["vcs_per_image"], 2)
        if c and d["delay_ms"] == 0:
            row("wall at 0 ms: trawl / curl --parallel <= 2", t["wall"] / c["wall"], 2)
        if t["images"] <= 4000:
            row("peak RSS at %d ms, %d images <= 300 MB" % (d["delay_ms"], t["images"]), t["rss_mb"], 300, "%.0f MB")
    return out + [""]


def markdown(res):
    m = res["machine"]
    lines = [
        "Generated by `bench/harness/run.sh %s` on %s." % (" ".join(res["args"]), res["date"]),
        "",
        "Machine: %d cores (%s), %.1f GB RAM, Linux %s; %s; trawl %s; Python %s; %s; %s; %s." % (
            m["nproc"], m["cpu"], m["memory_gb"], m["kernel"], m["jdk"], m["trawl"], m["python"], m["nginx"],
            m["curl"].split(" (")[0], m["wget2"].split(" - ")[0]),
        "",
        "Gallery: %d listing pages x %d works = %d full-size JPEGs (about 20 KB each), nginx on loopback "
        "(2 workers, keep-alive). %d round(s), tools alternating within each round (the order rotates), "
        "a fresh output dir per run, every run verified (file count and sha256 of every file)." % (
            res["pages"], res["works"], res["pages"] * res["works"], res["rounds"]),
        "Everyone has 64 requests in flight. CPU is user+sys of the whole process tree; peak RSS is GNU "
        "time's `%M`, the largest single process of the tree (each tool here is one process); voluntary "
        "context switches are GNU time's `%w` (waits: a thread blocked and gave up its core).",
        "",
    ]
    for d in res["delays"]:
        lines += ["### %d ms per request" % d["delay_ms"], "",
                  "Load average (1/5/15 min) before: %s, after: %s." % (d["load_before"], d["load_after"]), ""]
        lines.append(table(d["summary"], lambda t: res["labels"][t]))
        if d.get("serial_summary"):
            s = d["serial_summary"]["serial"]
            lines += ["", "Serial seed script on the reduced %s gallery (%d images): median wall %.2f s, %.3f ms CPU/image, %.0f images/s, %d/%d runs ok." % (
                d["serial_gallery"], s["images"], s["wall"], s["cpu_ms_per_image"], s["images_per_s"], s["ok"], s["runs"])]
        lines.append("")
    lines += targets(res)
    if res.get("startup"):
        lines += ["### JVM start", "", "| command | median s | min s |", "|---|---:|---:|"]
        for r in res["startup"]:
            lines.append("| %s | %.3f | %.3f |" % (r["variant"], r["median_s"], r["min_s"]))
        lines.append("")
    return "\n".join(lines)


def write_docs(path, text):
    doc = ""
    if os.path.exists(path):  # a new file gets the block alone
        with open(path, encoding="utf-8") as f:
            doc = f.read()
    block = BEGIN + "\n" + text + "\n" + END
    if BEGIN in doc and END in doc:
        doc = doc[: doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    else:
        doc = (doc.rstrip("\n") + "\n\n## Peers\n\n" if doc else "") + block + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)


def main():
    ap = argparse.ArgumentParser(prog="bench/harness/run.sh", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true", help="3 pages x 5 works, 1 round, 0 ms; no docs written")
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--works", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--delays", default="0,20", help="per-request delays in ms, comma-separated")
    ap.add_argument("--tools", default=",".join(ALL_TOOLS))
    ap.add_argument("--serial-gallery", default="full",
                    help="'full' (same gallery as the others), 'PxW' (a reduced gallery) or 'off'")
    ap.add_argument("--trawl", default=os.path.join(REPO, "trawl"), help="the trawl launcher to run")
    ap.add_argument("--startup-reps", type=int, default=5, help="--version runs per JVM start variant (0: skip)")
    ap.add_argument("--variant", action="append", default=[], metavar="NAME:LAUNCHER[:JAVA_OPTS]",
                    help="another trawl (a launcher, and TRAWL_JAVA_OPTS for it) run as tool trawl/NAME, "
                         "alternating with the others: A/B runs of two builds or flags (repeatable)")
    ap.add_argument("--work", help="scratch dir (default: a new temp dir, deleted at the end)")
    ap.add_argument("--docs", default=os.path.join(REPO, "docs", "benchmarks.md"),
                    help="markdown file whose results block is replaced (not in smoke mode)")
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--serve", action="store_true",
                    help="only serve the gallery (first delay) until interrupted, e.g. to profile one tool")
    a = ap.parse_args()
    # Stop nginx and clean up on Ctrl-C or kill, even when started in the background.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    argv = sys.argv[1:]
    if a.smoke:
        a.pages, a.works, a.rounds, a.delays, a.startup_reps = 3, 5, 1, "0", 1
    tools = [t for t in a.tools.split(",") if t]
    for t in tools:
        if t not in ALL_TOOLS:
            raise SystemExit("unknown tool: " + t)
    variants = {}
    for v in a.variant:
        parts = v.split(":", 2)
        if len(parts) < 2 or not parts[0] or not parts[1]:
            raise SystemExit("--variant wants NAME:LAUNCHER[:JAVA_OPTS], got: " + v)
        variants["trawl/" + parts[0]] = (os.path.abspath(parts[1]), parts[2] if len(parts) > 2 else "")
    tools += list(variants)
    delays = [int(x) for x in a.delays.split(",")]
    trawl = os.path.abspath(a.trawl)
    work = a.work or tempfile.mkdtemp(prefix="trawl-bench-")
    os.makedirs(work, exist_ok=True)
    timeout = 300 if a.smoke else 1800
    labels = {"trawl": "trawl (`-j 64 --per-host 64`)", "aiohttp": "asyncio + aiohttp", "scrapy": "Scrapy + FilesPipeline",
              "serial": "seed's serial script (requests)", "curl": "curl --parallel (bare URL list)",
              "wget2": "wget2 --max-threads=64 (bare URL list)"}
    for name, (launcher, opts) in variants.items():
        labels[name] = "%s (`%s`%s)" % (name, launcher, ", `" + opts + "`" if opts else "")
    failures = []
    try:
        log("machine:", loadavg(), "load; work dir", work)
        g = gallery(work, a.pages, a.works)
        if a.serve:
            ng = Nginx(work, g["root"], delays[0])
            print("%s/picture/lists/p/{1..%d}" % (ng.base, a.pages), flush=True)
            try:
                ng.proc.wait()
            except KeyboardInterrupt:
                pass
            finally:
                ng.stop()
            return
        serial_g = None
        main_tools = list(tools)
        if "serial" in tools and a.serial_gallery not in ("full",):
            main_tools.remove("serial")
            if a.serial_gallery != "off":
                p, w = (int(x) for x in a.serial_gallery.lower().split("x"))
                serial_g = gallery(work, p, w)
        res = {"args": argv, "date": time.strftime("%Y-%m-%d %H:%M %Z"), "pages": a.pages, "works": a.works,
               "rounds": a.rounds, "labels": labels, "machine": versions(trawl), "delays": []}
        for delay in delays:
            ng = Nginx(work, g["root"], delay)
            ng_small = Nginx(work, serial_g["root"], delay) if serial_g else None
            entry = {"delay_ms": delay, "load_before": loadavg(), "runs": []}
            try:
                for rnd in range(a.rounds):
                    order = main_tools[rnd % len(main_tools):] + main_tools[: rnd % len(main_tools)]
                    for tool in order:
                        r = run_one(tool, g, ng.base, work, trawl, timeout, variants)
                        r["round"] = rnd + 1
                        entry["runs"].append(r)
                        log("delay %d ms round %d %-8s wall %6.2f s cpu %6.2f s rss %5.0f MB vcs %6d ics %6d load %s %s" % (
                            delay, rnd + 1, tool, r["wall"], r["cpu"], r["rss_mb"], r["vcs"], r["ics"], loadavg().split()[0],
                            "ok" if r["ok"] else "FAILED: " + r["problem"]))
                        if not r["ok"]:
                            failures.append("%s at %d ms: %s" % (tool, delay, r["problem"]))
                    if ng_small:
                        r = run_one("serial", serial_g, ng_small.base, work, trawl, timeout)
                        r["round"] = rnd + 1
                        r["gallery"] = a.serial_gallery
                        entry["runs"].append(r)
                        log("delay %d ms round %d serial (%s) wall %6.2f s %s" % (delay, rnd + 1, a.serial_gallery, r["wall"], "ok" if r["ok"] else "FAILED: " + r["problem"]))
                        if not r["ok"]:
                            failures.append("serial at %d ms: %s" % (delay, r["problem"]))
            finally:
                ng.stop()
                if ng_small:
                    ng_small.stop()
            entry["load_after"] = loadavg()
            entry["summary"] = summarize([r for r in entry["runs"] if "gallery" not in r], main_tools)
            if ng_small:
                entry["serial_gallery"] = a.serial_gallery
                entry["serial_summary"] = summarize([r for r in entry["runs"] if "gallery" in r], ["serial"])
            res["delays"].append(entry)
        if a.startup_reps > 0 and "trawl" in tools:
            res["startup"] = startup(trawl, a.startup_reps)
        text = markdown(res)
        print(text)
        if a.json:
            with open(a.json, "w") as f:
                json.dump(res, f, indent=1)
        if not a.smoke and not failures:
            write_docs(a.docs, text)
            log("results written to", a.docs)
    finally:
        shutil.rmtree(os.path.join(work, "done"), ignore_errors=True)
        if not a.work:
            shutil.rmtree(work, ignore_errors=True)
    if failures:
        log("FAILED runs:\n  " + "\n  ".join(failures))
        sys.exit(1)
    log("all runs saved the right files")


if __name__ == "__main__":
    main()
