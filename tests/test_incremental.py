"""Incremental builds give exactly the output of a clean build,
and do no work when nothing changed."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from conftest import SITES, clean_build, output_bytes, snapshot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diplomacy_archive.build.cache import CACHE_DIR
from diplomacy_archive.build.pipeline import BuildOptions, build
from diplomacy_archive.build.plain_data import dumps
from diplomacy_archive.output.write import MARKER
from diplomacy_archive.problems import BuildFailed


def feeds_with_gio(site: Path) -> int:
    """The feeds that carry the article content/2021/gio.md (the archive's, its tags'...)."""
    feeds = [p for p in (site / "public").rglob("atom.xml")
             if "/bai-viet/buoi-gap-mat-co-gio/" in p.read_text(encoding="utf-8")]
    assert len(feeds) >= 3
    return len(feeds)


def test_second_build_renders_nothing_and_writes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    first = build(BuildOptions(site=site, jobs=1))
    assert (first.rendered, first.reused, first.nothing_changed) == (47, 0, False)
    before = snapshot(site / "public")
    second = build(BuildOptions(site=site, jobs=1))
    assert (second.rendered, second.written, second.deleted, second.nothing_changed) == (
        0, 0, 0, True)
    assert snapshot(site / "public") == before  # bytes and modification times


def test_touching_a_file_changes_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    before = snapshot(site / "public")
    (site / "content" / "2021" / "gio.md").touch()  # content decides, not the clock
    (site / "templates").mkdir()  # an empty override folder changes nothing either
    result = build(BuildOptions(site=site, jobs=1))
    assert (result.rendered, result.written, result.nothing_changed) == (0, 0, True)
    assert snapshot(site / "public") == before


def test_editing_a_body_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    path = site / "content" / "2021" / "gio.md"
    before = snapshot(site / "public")
    path.write_text(path.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    result = build(BuildOptions(site=site, jobs=1))
    # its page and the archive's feed, which carries its text; the other feeds that list it
    # show its summary, which is the editor's own, and are not rendered again
    assert feeds_with_gio(site) > 1
    assert result.rendered == 2
    # and the search index, made again for the shard of its year (2021) only
    assert result.indexed == 1  # gio alone: the other article of 2021 is a draft
    written = {k for k, v in snapshot(site / "public").items() if before.get(k) != v}
    assert {k for k in written if not k.startswith("pagefind/")} - {MARKER} == {
        "bai-viet/buoi-gap-mat-co-gio/index.html", "atom.xml"}


def test_a_template_change_rerenders_the_pages_that_use_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    (site / "templates").mkdir()
    (site / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<p>Không có trang này.</p>{% endblock %}\n',
        encoding="utf-8")
    result = build(BuildOptions(site=site, jobs=1))
    assert (result.rendered, result.written) == (1, 1)
    (site / "templates" / "partials").mkdir()
    (site / "templates" / "partials" / "pagination.html").write_text("", encoding="utf-8")
    result = build(BuildOptions(site=site, jobs=1))
    paged = sum(1 for p in (site / "public").rglob("index.html")
                if "pagination" in p.read_text(encoding="utf-8"))
    assert result.rendered > 0 and paged == 0


def test_a_config_change_rerenders_everything(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("Kho thử nghiệm", "Kho mới"),
                      encoding="utf-8")
    result = build(BuildOptions(site=site, jobs=1))
    assert result.rendered == result.pages == 47


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    expected = output_bytes(site / "public")
    for cache in (site / CACHE_DIR).glob("*.sqlite"):
        cache.write_bytes(b"\x80\x05not a pickle")
    result = build(BuildOptions(site=site, jobs=1))
    assert result.rendered == 47 and output_bytes(site / "public") == expected
    [store] = (site / CACHE_DIR).glob("*.sqlite")
    with sqlite3.connect(store) as db:
        [(row,)] = db.execute("SELECT value FROM rows WHERE key = 'file-index'")
        db.execute("UPDATE rows SET value = ? WHERE key = 'file-index'",
                   (row.replace(b":0.1.0", b":0.0.9"),))
    assert build(BuildOptions(site=site, jobs=1)).rendered == 47


def memo_rows(site: Path, memo: str) -> dict[str, tuple[str, bytes]]:
    """The rows of one memo in the cache's store: key -> (inputs, value)."""
    [store] = (site / CACHE_DIR).glob("*.sqlite")
    with sqlite3.connect(store) as db:
        return {key: (inputs, value) for key, inputs, value in db.execute(
            "SELECT key, inputs, value FROM rows WHERE memo = ?", (memo,))}


def test_the_indexes_are_stored_once_and_kept_while_they_do_not_change(tmp_path: Path
                                                                        ) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    [(inputs, row)] = memo_rows(site, "index").values()
    assert b'"2021/gio.md":null' in row  # the articles by id: they are stored once, as parsed
    gio = site / "content" / "2021" / "gio.md"
    gio.write_text(gio.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    edited = build(BuildOptions(site=site, jobs=1))
    assert edited.rendered == 2 and memo_rows(site, "index") == {"site": (inputs, row)}
    gio.write_text(gio.read_text(encoding="utf-8").replace("tags: [tọa đàm]", "tags: [mới]"),
                   encoding="utf-8")
    build(BuildOptions(site=site, jobs=1))
    [(new_inputs, new_row)] = memo_rows(site, "index").values()  # made again, replaced
    assert new_inputs != inputs and new_row != row


def test_an_edit_writes_only_the_rows_that_changed(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    before = {memo: memo_rows(site, memo) for memo in ("articles", "html", "export", "outputs")}
    gio = site / "content" / "2021" / "gio.md"
    gio.write_text(gio.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
    build(BuildOptions(site=site, jobs=1))
    after = {memo: memo_rows(site, memo) for memo in before}
    changed = {memo: sorted(k for k in after[memo] if after[memo][k] != before[memo].get(k))
               for memo in before}
    # a paragraph added at the end: the summary, so the export's line, is the same; the
    # article's page, the feed (which holds the text) and the search index changed
    outputs = changed.pop("outputs")
    assert changed == {"articles": ["2021/gio.md"], "html": ["2021/gio.md"], "export": []}
    assert [p for p in outputs if not p.startswith("pagefind/")] == [
        "atom.xml", "bai-viet/buoi-gap-mat-co-gio/index.html"]
    assert "pagefind/pagefind-entry.json" in outputs
    def keys(rows: dict[str, dict[str, tuple[str, bytes]]]) -> dict[str, set[str]]:
        return {memo: {k for k in found if not k.startswith("pagefind/")}
                for memo, found in rows.items()}
    assert keys(after) == keys(before)  # and no row was lost (the search files are renamed)


def test_a_damaged_cache_row_is_made_again(tmp_path: Path) -> None:
    """A row that cannot be read is a result to make again (a damaged body's HTML, read only
    while pages are made, means building everything without the cache); the output is that
    of a clean build, and the cache is whole again after."""
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    [store] = (site / CACHE_DIR).glob("*.sqlite")
    gio = site / "content" / "2021" / "gio.md"
    for number, (memo, damage) in enumerate([("index", b'["not", "indexes"]'),
                                             ("index", dumps(("not", "indexes"))),
                                             ("articles", dumps(["not an article"])),
                                             ("index", b"\x00garbage"), ("index", None),
                                             ("html", b"\xff\xfe not UTF-8"),
                                             ("articles", b"[1, 2")]):
        with sqlite3.connect(store) as db:
            if damage is None:
                db.execute("DELETE FROM rows WHERE memo = ?", (memo,))
            else:
                db.execute("UPDATE rows SET value = ? WHERE memo = ?", (damage, memo))
        gio.write_text(gio.read_text(encoding="utf-8") + f"\nĐoạn {number}.\n",
                       encoding="utf-8")  # a change, so that the state is read
        result = build(BuildOptions(site=site, jobs=1))
        assert not result.problems.items and result.rendered >= 2, (memo, damage)
        assert output_bytes(site / "public") == clean_build(site, tmp_path / "clean")
        assert build(BuildOptions(site=site, jobs=1)).nothing_changed  # and saved afresh


def test_a_registry_entry_no_page_shows_renders_nothing_again(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    venues = site / "data" / "venues.yaml"
    venues.write_text(venues.read_text(encoding="utf-8").replace(
        "aliases: [Tỉnh Khánh Hòa]", "aliases: [Tỉnh Khánh Hòa, TP Nha Trang]"), encoding="utf-8")
    result = build(BuildOptions(site=site, jobs=1))  # an alias no article uses
    assert result.rendered == 0 and result.written == 0
    assert output_bytes(site / "public") == clean_build(site, tmp_path / "clean")
    directives = site / "data" / "directives.yaml"  # a subject the pages show: they change
    text = directives.read_text(encoding="utf-8")
    assert "trong tình hình mới" in text
    directives.write_text(text.replace("trong tình hình mới", "trong giai đoạn mới"),
                          encoding="utf-8")
    changed = build(BuildOptions(site=site, jobs=1))
    assert 0 < changed.rendered < changed.pages
    assert output_bytes(site / "public") == clean_build(site, tmp_path / "clean")


def test_output_changed_by_hand_is_repaired(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    expected = output_bytes(site / "public")
    (site / "public" / "404.html").write_text("sửa tay", encoding="utf-8")
    (site / "public" / MARKER).write_text("0.1.0 someone-else\n", encoding="utf-8")
    result = build(BuildOptions(site=site, jobs=1))
    assert result.written == 1
    assert output_bytes(site / "public") == expected


def test_parallel_output_equals_sequential_output(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    for i in range(120):  # enough articles and pages for the work to be split over processes
        (site / "content" / "2022" / f"bai-{i}.md").write_text(
            f"---\ntitle: Bài thử số {i}\ndate: 2022-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"tags: [thử {i % 7}, VUFO]\nspeakers: [Người Số {i % 13}]\n---\n\n"
            f"Đoạn \"{i}\" -- có Chỉ thị 38-CT/TW.\n", encoding="utf-8")
    one = tmp_path / "one"
    two = tmp_path / "two"
    build(BuildOptions(site=site, out=one, jobs=1, use_cache=False))
    result = build(BuildOptions(site=site, out=two, jobs=2, use_cache=False))
    assert result.rendered > 200
    assert output_bytes(one) == output_bytes(two)


ARTICLE = "---\ntitle: {title}\ndate: {date}\ntags: [{tags}]\nvenue: {venue}\n---\n\n{body}\n"
TITLES = ["Tọa đàm hữu nghị", "Hội thảo khu vực", "Gặp mặt đầu xuân", "Lễ kỷ niệm"]
DATES = ["2020", "2020-11", "2020-11-05", "2021-06-18", "05/12/2019", "2021-06-18 09:30"]
TAGS = ["VUFO", "vufo, tọa đàm", "hòa bình", "hoà bình, VUFO", "hội thảo"]
VENUES = ["Hà Nội", "Khánh Hoà", "Khánh Hòa", "Cần Thơ"]
BODIES = ["Nội dung ngắn.", "Dẫn Chỉ thị 38-CT/TW trong bài.", "## Mục\n\nĐoạn \"trích\"."]

edits = st.lists(st.one_of(
    st.tuples(st.just("add"), st.integers(0, 9), st.sampled_from(TITLES), st.sampled_from(DATES),
              st.sampled_from(TAGS), st.sampled_from(VENUES), st.sampled_from(BODIES)),
    st.tuples(st.just("front"), st.integers(0, 9), st.sampled_from(DATES), st.sampled_from(TAGS)),
    st.tuples(st.just("body"), st.integers(0, 9), st.sampled_from(BODIES)),
    st.tuples(st.just("rename"), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("template"), st.sampled_from(["", "<p>chân trang riêng</p>"])),
    st.tuples(st.just("data"), st.sampled_from(["Khánh Hòa", "Cần Thơ"])),
    st.tuples(st.just("registry"), st.sampled_from(["", "38-CT/TW", "12-CT/TW"])),
    st.tuples(st.just("break"), st.integers(0, 9)),
), min_size=1, max_size=5)


def apply(site: Path, edit: tuple) -> None:
    content = site / "content" / "gen"
    content.mkdir(exist_ok=True)
    kind, *args = edit
    existing = sorted(content.glob("*.md"))
    if kind == "add":
        number, title, date, tags, venue, body = args
        (content / f"bai-{number}.md").write_text(ARTICLE.format(
            title=f"{title} {number}", date=date, tags=tags, venue=venue, body=body),
            encoding="utf-8")
    elif not existing and kind in ("front", "body", "rename", "delete", "break"):
        return
    elif kind == "front":
        path = existing[args[0] % len(existing)]
        text = path.read_text(encoding="utf-8").split("\n")
        text[2], text[3] = f"date: {args[1]}", f"tags: [{args[2]}]"
        path.write_text("\n".join(text), encoding="utf-8")
    elif kind == "body":
        path = existing[args[0] % len(existing)]
        head = path.read_text(encoding="utf-8").split("\n---\n")[0]
        path.write_text(f"{head}\n---\n\n{args[1]}\n", encoding="utf-8")
    elif kind == "rename":
        path = existing[args[0] % len(existing)]
        target = content / f"doi-ten-{args[1]}.md"
        if not target.exists():
            path.rename(target)
    elif kind == "delete":
        existing[args[0] % len(existing)].unlink()
    elif kind == "break":
        existing[args[0] % len(existing)].write_text("---\ntitle: Hỏng\ndate: 31/02/2021\n---\n",
                                                     encoding="utf-8")
    elif kind == "template":
        (site / "templates").mkdir(exist_ok=True)
        (site / "templates" / "404.html").write_text(
            '{% extends "base.html" %}{% block content %}' + args[0] + "{% endblock %}\n",
            encoding="utf-8")
    elif kind == "registry":  # body links to directives follow the registry
        entry = f"- code: {args[0]}\n  issued: 2019-09-19\n" if args[0] else ""
        (site / "data" / "directives.yaml").write_text(entry, encoding="utf-8")
    elif kind == "data":
        (site / "data" / "venues.yaml").write_text(
            f"- name: {args[0]}\n  aliases: [Tỉnh {args[0]}]\n", encoding="utf-8")


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=edits)
def test_incremental_output_equals_a_clean_build(tmp_path_factory, steps: list[tuple]) -> None:
    root = tmp_path_factory.mktemp("inc")
    site = root / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    for step in steps:
        apply(site, step)
        try:
            build(BuildOptions(site=site, jobs=1))
        except BuildFailed:
            continue  # a broken article: the output stays as it was, checked by other tests
        assert output_bytes(site / "public") == clean_build(site, root / "clean"), step


def test_edits_made_while_another_article_was_broken_reach_the_output(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITES / "basic", site)
    build(BuildOptions(site=site, jobs=1))
    gio = site / "content" / "2021" / "gio.md"
    gio.write_text(gio.read_text(encoding="utf-8") + "\nCâu mới viết.\n", encoding="utf-8")
    broken = site / "content" / "2021" / "hong.md"
    broken.write_text("---\ntitle: Hỏng\ndate: 31/02/2021\n---\n", encoding="utf-8")
    for _ in range(2):  # the second time, nothing changed: the same failure, from the cache
        try:
            build(BuildOptions(site=site, jobs=1))
        except BuildFailed as exc:
            assert "'31/02/2021' is not a real date" in exc.problems.items[0].text
        else:
            raise AssertionError("the broken article must stop the build")
    broken.unlink()
    result = build(BuildOptions(site=site, jobs=1))
    assert result.rendered == 2  # its page and the archive's feed
    page = site / "public" / "bai-viet" / "buoi-gap-mat-co-gio" / "index.html"
    assert "Câu mới viết." in page.read_text(encoding="utf-8")
    assert output_bytes(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_fresh_clone_with_the_cache_restored_rebuilds_nothing(tmp_path: Path) -> None:
    """As on CI: a new checkout (every mtime set to now, other inodes) at the same path, with
    .cache/, public/ and the spare copy restored from the CI cache."""
    import subprocess
    repo = tmp_path / "repo"
    shutil.copytree(SITES / "basic", repo)

    def git(*args: str, cwd: Path = repo) -> None:
        subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                       env={**__import__("os").environ, "GIT_AUTHOR_NAME": "t",
                            "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                            "GIT_COMMITTER_EMAIL": "t@t"})
    git("init", "-q")
    (repo / ".gitignore").write_text(".cache/\npublic/\n.public.*\n")
    git("add", "-A")
    git("commit", "-qm", "site")
    build(BuildOptions(site=repo, jobs=1))
    nam = repo / "content" / "2020" / "nam.md"
    nam.write_text(nam.read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    git("commit", "-qam", "edit")
    build(BuildOptions(site=repo, jobs=1))  # a second publish leaves the spare copy too
    saved = tmp_path / "ci-cache"
    saved.mkdir()
    for name in (".cache", "public", ".public.spare"):
        shutil.move(repo / name, saved / name)
    shutil.move(repo, tmp_path / "old-checkout")
    git("clone", "-q", str(tmp_path / "old-checkout"), str(repo), cwd=tmp_path)
    for name in (".cache", "public", ".public.spare"):
        shutil.move(saved / name, repo / name)
    expected = output_bytes(repo / "public")
    result = build(BuildOptions(site=repo, jobs=1))
    assert result.nothing_changed and output_bytes(repo / "public") == expected
    gio = repo / "content" / "2021" / "gio.md"
    gio.write_text(gio.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    result = build(BuildOptions(site=repo, jobs=1))
    assert not result.nothing_changed and 0 < result.rendered < 15
