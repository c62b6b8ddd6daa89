"""The search index: Pagefind's bundle in the output, the article pages' markup, when Pagefind
runs again and when it does not, sub-path addresses, and failures that leave the last site.

No browser here: tests/test_search_browser.py searches the built pages in Chromium.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import re
import shutil
import threading
from pathlib import Path

import pytest
from conftest import SITES, snapshot
from htmlcheck import scan
from markupsafe import Markup

from diplomacy_archive.build.pipeline import BuildOptions, build
from diplomacy_archive.output import search_index as search
from diplomacy_archive.problems import BuildFailed
from diplomacy_archive.text.vietnamese import folded_words

KHANH_HOA = "bai-viet/khanh-hoa-tong-ket-cong-tac-doi-ngoai-nhan-dan/index.html"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(SITES / "search", target)
    return target


@pytest.fixture
def pagefind_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The pages Pagefind is run over (their folders), one list per run."""
    runs: list[list[str]] = []
    real = search.run_pagefind

    def counted(folder: Path, bundle: Path, language: str) -> int:
        runs.append(sorted(p.parent.relative_to(folder).as_posix()
                           for p in folder.rglob("*.html")))
        return real(folder, bundle, language)
    monkeypatch.setattr(search, "run_pagefind", counted)
    return runs


def fragments(out: Path) -> dict[str, dict]:
    """The records Pagefind keeps of each page, by address: content, meta, filters."""
    found = {}
    for path in (out / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        record = json.loads(data[len(b"pagefind_dcd"):])
        found[record["url"]] = record
    return found


def fragment_of(out: Path, url: str) -> str:
    """The name of the fragment file of the page at ``url``."""
    for path in (out / "pagefind" / "fragment").iterdir():
        if json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])["url"] == url:
            return path.name
    raise AssertionError(f"no fragment for {url}")


def bundle_files(out: Path) -> dict[str, tuple[bytes, int]]:
    return {k: v for k, v in snapshot(out).items() if k.startswith("pagefind/")}


def test_folded_words_are_the_words_with_d_without_accents() -> None:
    assert folded_words("Đối ngoại, đối tác; Hòa bình – ĐÀ NẴNG, Đắk Lắk, đôi") == \
        "doi da dak"
    assert folded_words(Markup("<p>Quan hệ &amp; <b>đối</b> thoại</p>")) == "doi"


def test_the_bundle_is_written_under_pagefind(site: Path, pagefind_runs: list[list[str]]) -> None:
    result = build(BuildOptions(site=site, jobs=1))
    out = site / "public"
    assert result.indexed == 5 and len(pagefind_runs) == 3  # one shard per year: 2020 to 2022
    assert (out / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["vi"]["page_count"] == 5  # the article pages, nothing else
    assert not any(name in search.UNUSED_FILES for name in bundle_files(out))
    records = fragments(out)
    assert len(records) == 5 and all(url.startswith("/bai-viet/") for url in records)
    record = records["/bai-viet/khanh-hoa-tong-ket-cong-tac-doi-ngoai-nhan-dan/"]
    # the stored text stays Vietnamese; the folded words are a meta field, never shown
    assert "công tác đối ngoại nhân dân" in record["content"]
    assert "doi ngoai" not in record["content"]
    assert record["content"].startswith("Khánh Hòa tổng kết")
    assert "Xem các bài cùng thời gian" not in record["content"]  # the footer is ignored
    assert "Người phát biểu" not in record["content"]  # and the labels of the facts
    assert set(record["meta"]["folded"].split()) == {"doi"}  # the only words with đ
    assert record["meta"]["title"] == "Khánh Hòa tổng kết công tác đối ngoại nhân dân"
    assert record["meta"]["date_iso"] == "2020-12-10"
    assert record["filters"] == {"year": ["2020"], "venue": ["Khánh Hòa"],
                                 "speaker": ["Lê Trung Hưng"],
                                 "tag": ["đối ngoại nhân dân", "hội nghị"]}
    # the staging is gone; the shards are kept in the cache, as data
    assert [p.name for p in (site / ".cache").iterdir() if p.is_dir() and p.name != "cards"
            ] == [next((site / ".cache").glob("*.sqlite")).stem + ".shards"]
    assert sorted(p.name for p in next((site / ".cache").glob("*.shards")).iterdir()) == [
        "2020-000.cbor", "2021-000.cbor", "2022-000.cbor"]


def test_article_pages_carry_filters_and_folded_words(site: Path) -> None:
    build(BuildOptions(site=site, jobs=1))
    out = site / "public"
    elements = scan(out / KHANH_HOA)
    assert [e.tag for e in elements if "data-pagefind-body" in e.attrs] == ["article"]
    filters = [(e.attrs["data-pagefind-filter"], e.text) for e in elements
               if "data-pagefind-filter" in e.attrs]
    assert [f for f, _ in filters] == ["year:2020", "venue", "speaker", "tag", "tag"]
    folded = next(e.attrs["data-folded"] for e in elements if "data-folded" in e.attrs)
    assert folded == "doi"
    ignored = {e.attrs.get("class") for e in elements if "data-pagefind-ignore" in e.attrs}
    assert "article-footer" in ignored
    for other in ("index.html", "tim-kiem/index.html", "chu-de/hoi-nghi/index.html"):
        assert not any("data-pagefind-body" in e.attrs for e in scan(out / other)), other


def test_pagefind_runs_again_only_when_an_article_page_changed(
        site: Path, pagefind_runs: list[list[str]]) -> None:
    build(BuildOptions(site=site, jobs=1))
    out = site / "public"
    first = bundle_files(out)
    assert len(pagefind_runs) == 3

    again = build(BuildOptions(site=site, jobs=1))
    assert again.nothing_changed and again.indexed == 0 and len(pagefind_runs) == 3

    (site / "templates").mkdir()  # a template no article page uses
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>Không có trang này.</p>{% endblock %}\n',
        encoding="utf-8")
    changed = build(BuildOptions(site=site, jobs=1))
    assert changed.rendered == 1 and changed.indexed == 0 and len(pagefind_runs) == 3
    assert bundle_files(out) == first  # bytes and modification times

    article = site / "content" / "2020" / "khanh-hoa-tong-ket.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nĐoàn đại biểu Lào dự.\n",
                       encoding="utf-8")
    edited = build(BuildOptions(site=site, jobs=1))
    # only the shard of 2020 is indexed again, and only the files that changed are written
    assert edited.indexed == 1 and len(pagefind_runs) == 4
    assert pagefind_runs[-1] == ["bai-viet/khanh-hoa-tong-ket-cong-tac-doi-ngoai-nhan-dan"]
    after = bundle_files(out)
    kept = {p for p in first if p.startswith("pagefind/fragment/") and after.get(p) == first[p]}
    assert len(kept) == 4  # the other pages' fragments: not written again (bytes and times)
    assert after["pagefind/pagefind.js"] == first["pagefind/pagefind.js"]
    record = fragments(out)["/bai-viet/khanh-hoa-tong-ket-cong-tac-doi-ngoai-nhan-dan/"]
    assert "Đoàn đại biểu Lào dự." in record["content"]
    assert set(record["meta"]["folded"].split()) == {"doi", "doan", "dai"}


def test_check_does_not_run_pagefind(site: Path, pagefind_runs: list[list[str]]) -> None:
    result = build(BuildOptions(site=site, jobs=1), write=False)
    assert result.indexed == 0 and not pagefind_runs
    assert not (site / "public").exists()


def test_a_build_without_search_writes_no_bundle_and_removes_the_old_one(
        site: Path, pagefind_runs: list[list[str]]) -> None:
    build(BuildOptions(site=site, jobs=1))
    assert (site / "public" / "pagefind" / "pagefind.js").is_file() and len(pagefind_runs) == 3
    result = build(BuildOptions(site=site, jobs=1, search=False))  # what serve does by default
    assert result.indexed == 0 and len(pagefind_runs) == 3
    assert not (site / "public" / "pagefind").exists()
    assert (site / "public" / "tim-kiem" / "index.html").is_file()
    again = build(BuildOptions(site=site, jobs=1))
    assert again.indexed > 0 and (site / "public" / "pagefind" / "pagefind.js").is_file()


def test_the_bundle_works_under_a_sub_path(site: Path) -> None:
    build(BuildOptions(site=site, jobs=1, base_url="https://example.org/kho/luu-tru/"))
    out = site / "public"
    page = scan(out / "tim-kiem" / "index.html")
    root = next(e for e in page if "data-search" in e.attrs)
    assert root.attrs["data-pagefind"] == "/kho/luu-tru/pagefind/"
    assert root.attrs["data-base"] == "/kho/luu-tru/"
    assert "/kho/luu-tru/assets/search.js" in [e.attrs.get("src") for e in page]
    assert (out / "assets" / "search.js").is_file()
    # pagefind.js joins the base and each site-relative address; each must be a built page
    for url in fragments(out):
        assert url.startswith("/") and not url.startswith("/kho/")
        assert (out / url.lstrip("/") / "index.html").is_file(), url


def test_the_filters_are_listed_in_the_order_of_the_index_pages(site: Path) -> None:
    build(BuildOptions(site=site, jobs=1, base_url="https://example.org/kho/luu-tru/"))
    out = site / "public"
    root = next(e for e in scan(out / "tim-kiem" / "index.html") if "data-search" in e.attrs)
    assert root.attrs["data-order"] == "/kho/luu-tru/tim-kiem/thu-tu-bo-loc.json"
    order = json.loads((out / "tim-kiem" / "thu-tu-bo-loc.json").read_text(encoding="utf-8"))
    # Vietnamese order, as on the index pages (code points would put "Huế" before "Hà Nội" and
    # "Đà Nẵng" last); speakers by given name, as config.yaml's name_order says
    assert order == {"speaker": ["Nguyễn Văn An", "Lê Trung Hưng"],
                     "venue": ["Đà Nẵng", "Hà Nội", "Huế", "Khánh Hòa"],
                     "directive": [],
                     "tag": ["đối ngoại nhân dân", "giao lưu", "hội nghị", "hữu nghị"]}
    venues_page = (out / "dia-diem" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="/kho/luu-tru/dia-diem/[^"]+/">([^<]+)</a>', venues_page
                      ) == order["venue"]
    # every name a filter of the index can show, and no other
    shown: dict[str, set[str]] = {kind: set() for kind in order}
    for record in fragments(out).values():
        for kind, names in record["filters"].items():
            if kind != "year":
                shown[kind].update(names)
    assert {kind: set(names) for kind, names in order.items()} == shown
    assert "thu-tu-bo-loc" not in (out / "sitemap.xml").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_last_site_and_its_index(
        site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    build(BuildOptions(site=site, jobs=1))
    out = site / "public"
    before = snapshot(out)
    article = site / "content" / "2020" / "khanh-hoa-tong-ket.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nCâu mới.\n", encoding="utf-8")
    dies, writes_nothing = tmp_path / "pagefind-that-dies", tmp_path / "pagefind-that-does-nothing"
    dies.write_text("#!/bin/sh\necho 'thread main panicked' >&2\nexit 3\n", encoding="utf-8")
    writes_nothing.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    for binary in (dies, writes_nothing):
        binary.chmod(0o755)
    for binary, said in ((tmp_path / "missing", "could not be started"),
                         (dies, "Pagefind stopped with code 3: thread main panicked"),
                         (writes_nothing, "Pagefind stopped with code 0")):
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
        with pytest.raises(BuildFailed) as failed:
            build(BuildOptions(site=site, jobs=1))
        [problem] = failed.value.problems.items
        assert problem.path == "pagefind/" and said in problem.text, problem
        assert "the search index was not made" in problem.format_text()
        assert snapshot(out) == before  # pages and index as they were, not one byte written
        # and no cache of the failure: the next build, with nothing changed, tries again
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    result = build(BuildOptions(site=site, jobs=1))
    assert result.indexed == 1  # the shard of the article changed (2020)
    record = fragments(out)["/bai-viet/khanh-hoa-tong-ket-cong-tac-doi-ngoai-nhan-dan/"]
    assert "Câu mới." in record["content"]


def test_an_untrusted_output_keeps_an_intact_bundle(site: Path,
                                                    pagefind_runs: list[list[str]]) -> None:
    build(BuildOptions(site=site, jobs=1))
    out = site / "public"
    (out / ".diplomacy-archive").write_text("0.1.0 someone-else\n", encoding="utf-8")
    build(BuildOptions(site=site, jobs=1))
    assert len(pagefind_runs) == 3  # every bundle file still had its recorded bytes
    removed = out / "pagefind" / "fragment" / fragment_of(
        out, "/bai-viet/khanh-hoa-tong-ket-cong-tac-doi-ngoai-nhan-dan/")
    removed.unlink()
    (out / ".diplomacy-archive").write_text("0.1.0 yet-another\n", encoding="utf-8")
    build(BuildOptions(site=site, jobs=1))
    # the shard that lost a file is indexed again, the others are checked file by file
    assert pagefind_runs[3:] == [["bai-viet/khanh-hoa-tong-ket-cong-tac-doi-ngoai-nhan-dan"]]
    assert removed.is_file()


def test_pagefind_runs_inside_a_running_event_loop(tmp_path: Path) -> None:
    html = ('<html lang="vi"><body><article data-pagefind-body><h1>Đối ngoại</h1>'
            '</article></body></html>').encode()

    async def inside() -> tuple[Path, int]:  # as a build called from a preview server's loop
        return search.index_pages([search.SearchPage("a/index.html", html, "", "2020")],
                                  tmp_path / "work", "vi")
    made: list[tuple[Path, int]] = []
    # a thread of its own: this thread may already run a loop (Playwright's, in the browser tests)
    thread = threading.Thread(target=lambda: made.append(asyncio.run(inside())))
    thread.start()
    thread.join(60)
    [(bundle, indexed)] = made
    assert indexed == 1 and (bundle / "pagefind.js").is_file()


def test_build_no_search_leaves_the_index_out(site: Path) -> None:
    from conftest import run_cli
    run = run_cli("build", "--site", ".", "--no-search", cwd=site)
    assert run.code == 0, run.stderr
    assert (site / "public" / "tim-kiem" / "index.html").is_file()
    assert not (site / "public" / "pagefind").exists()


def test_two_clean_builds_are_identical_search_index_included(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    outputs = []
    for name in ("mot", "hai"):
        build(BuildOptions(site=site, out=tmp_path / name, use_cache=False, jobs=1))
        outputs.append({k: v[0] for k, v in snapshot(tmp_path / name).items()
                        if k != ".diplomacy-archive"})
    assert any(path.startswith("pagefind/filter/") for path in outputs[0])
    assert outputs[0] == outputs[1]




def test_a_site_with_no_published_article_builds_without_an_index(site: Path) -> None:
    articles = sorted((site / "content").rglob("*.md"))
    texts = {path: path.read_text(encoding="utf-8") for path in articles}
    for path, text in texts.items():
        path.write_text(text.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    result = build(BuildOptions(site=site, jobs=1))  # all drafts: nothing to search yet
    assert result.articles == 0 and result.indexed == 0
    assert not (site / "public" / "pagefind").exists()
    assert (site / "public" / "tim-kiem" / "index.html").is_file()
    articles[0].write_text(texts[articles[0]], encoding="utf-8")  # one published
    again = build(BuildOptions(site=site, jobs=1))
    assert again.indexed == 1 and (site / "public" / "pagefind" / "pagefind.js").is_file()
