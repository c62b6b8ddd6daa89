from __future__ import annotations

from zoneinfo import ZoneInfo

from diplomacy_archive.model.entities import resolve_entities
from diplomacy_archive.model.indexes import SiteIndex, paginate
from diplomacy_archive.model.indexes import build_index as build_site_index
from diplomacy_archive.problems import Problems
from diplomacy_archive.source.articles import Article
from diplomacy_archive.source.registries import Registries
from diplomacy_archive.text.dates import parse_event_date

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def make(id_: str, date: object, tags: tuple[str, ...] = (), title: str | None = None) -> Article:
    title = title or id_
    return Article(id=id_, path=f"content/{id_}", title=title, date=parse_event_date(date, ZONE),
                   slug=id_.removesuffix(".md"), body="", body_line=1, lang="vi", tags=tags,
                   lines={"tags": 4})


def build_index(articles: list[Article]) -> tuple[SiteIndex, list]:
    return build_site_index(articles, resolve_entities(articles, Registries(), Problems()))


def test_newest_first_with_partial_dates_at_the_start_of_their_period() -> None:
    index, problems = build_index([
        make("nam.md", 2020), make("thang.md", "2020-11"), make("ngay.md", "2020-11-05"),
        make("sau.md", "2021-06-18"), make("dau-nam.md", "2020-01-01", title="zz")])
    assert problems == []
    assert index.newest_first == ("sau.md", "ngay.md", "thang.md", "dau-nam.md", "nam.md")


def test_neighbours_follow_time() -> None:
    index, _ = build_index([make("b.md", "2020-02-01"), make("a.md", "2020-01-01"),
                            make("c.md", "2020-03-01")])
    assert index.neighbours["a.md"].older is None and index.neighbours["a.md"].newer == "b.md"
    assert index.neighbours["b.md"].older == "a.md" and index.neighbours["b.md"].newer == "c.md"
    assert index.neighbours["c.md"].newer is None


def test_tags_merge_case_insensitively_and_show_the_most_used_spelling() -> None:
    index, problems = build_index([
        make("a.md", "2020-01-01", ("VUFO", "tọa đàm")), make("b.md", "2020-02-01", ("vufo",)),
        make("c.md", "2020-03-01", ("VUFO", "Tọa Đàm"))])
    assert problems == []
    names = {t.name: t for t in index.tags}
    assert set(names) == {"VUFO", "tọa đàm"}
    assert names["VUFO"].article_ids == ("c.md", "b.md", "a.md")
    assert names["VUFO"].slug == "vufo"
    assert names["tọa đàm"].slug == "toa-dam"
    assert [t.name for t in index.tags_of("c.md")] == ["VUFO", "tọa đàm"]


def test_tags_are_sorted_in_vietnamese_order() -> None:
    index, _ = build_index(
        [make("a.md", 2020, ("đại hội", "hội thảo", "Đà Nẵng", "ăn", "an", "bình"))])
    assert [t.name for t in index.tags] == ["an", "ăn", "bình", "Đà Nẵng", "đại hội", "hội thảo"]


def test_tag_without_letters_is_reported() -> None:
    _, problems = build_index([make("a.md", 2020, ("!!!",))])
    assert [p.format_text() for p in problems] == [
        "content/a.md:4: error: tags: the tag '!!!' has no letters a-z or digits for its web "
        "address (write the tag with Vietnamese or Latin letters)"]


def test_timeline_groups_years_and_months_and_keeps_year_only_articles_apart() -> None:
    index, _ = build_index([make("a.md", "2020-11-05"), make("b.md", "2020-11"), make("c.md", 2020),
                            make("d.md", "2020-07-16"), make("e.md", "2021-06-18")])
    assert [y.year for y in index.years] == [2021, 2020]
    y2020 = index.years[1]
    assert [(m.month, m.article_ids) for m in y2020.months] == [
        (11, ("a.md", "b.md")),
        (7, ("d.md",)),
    ]
    assert y2020.undated_ids == ("c.md",)
    assert y2020.count == 4


def test_paginate() -> None:
    assert paginate(("a", "b", "c", "d", "e"), 2) == [("a", "b"), ("c", "d"), ("e",)]
    assert paginate((), 10) == [()]
