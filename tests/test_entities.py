from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from diplomacy_archive.model.entities import (
    DirectiveResolver,
    NameResolver,
    distinct_slugs,
    resolve_entities,
    resolve_speaker,
    split_title,
)
from diplomacy_archive.model.indexes import build_index
from diplomacy_archive.problems import Problems
from diplomacy_archive.site.citation_links import link_citations
from diplomacy_archive.source.articles import Article, Speaker
from diplomacy_archive.source.registries import (
    DirectiveRecord,
    Registries,
    SpeakerRecord,
    VenueRecord,
)
from diplomacy_archive.text.dates import parse_event_date

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def day(text: str):
    return parse_event_date(text, ZONE)


def article(id_: str, date: str, venue: str = "", speakers: tuple[Speaker, ...] = (),
            directives: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> Article:
    return Article(id=id_, path=f"content/{id_}", title=id_, date=day(date), slug=id_[:-3],
                   body="", body_line=1, lang="vi", venue=venue, speakers=speakers,
                   directives=directives, tags=tags, lines={"directives": 5})


REGISTRY = (
    DirectiveRecord("04-CT/TW", "Chỉ thị", 4, issued=day("2011-07-06"), path="d.yaml", line=1),
    DirectiveRecord("04-CT/TW", "Chỉ thị", 4, issued=day("2021-08-10"), path="d.yaml", line=5),
    DirectiveRecord("38-CT/TW", "Chỉ thị", 38, issued=day("2019-09-19"),
                    aliases=("Chỉ thị 38 năm 2019",), path="d.yaml", line=9),
    DirectiveRecord("3935/KH-UBND", "Kế hoạch", 3935, issued=day("2020-04-08"), path="d.yaml",
                    line=13),
)


@pytest.mark.parametrize("text", [
    "Chỉ thị 38-CT/TW", "Chỉ thị 38/CT-TW", "Chỉ thị số 38-CT/TW", "chỉ thị số 38 - CT/TW",
    "Chỉ thị 38 ngày 19/9/2019", "Chỉ thị 38", "Chỉ thị 38 năm 2019", "38-CT/TW",
])
def test_citation_variants_resolve_to_one_registry_entry(text: str) -> None:
    resolver = DirectiveResolver(REGISTRY)
    record, _, problem = resolver.resolve(text, day("2020-01-01"))
    assert problem == ""
    assert record is REGISTRY[2]
    assert resolver.record_id(record) == "38-ct-tw"


def test_reused_numbers_are_told_apart_by_date() -> None:
    resolver = DirectiveResolver(REGISTRY)
    assert [resolver.record_id(r) for r in REGISTRY[:2]] == ["04-ct-tw-2011", "04-ct-tw-2021"]
    old, _, _ = resolver.resolve("Chỉ thị 04-CT/TW", day("2015-05-01"))
    assert old is REGISTRY[0]
    dated, _, _ = resolver.resolve("Chỉ thị 04/CT-TW ngày 10/8/2021", day("2023-01-01"))
    assert dated is REGISTRY[1]
    record, _, problem = resolver.resolve("Chỉ thị 04-CT/TW", day("2022-03-01"))
    assert record is None
    assert problem == "could be any of 04-CT/TW (2011-07-06), 04-CT/TW (2021-08-10)"


def test_unknown_and_ambiguous_citations_are_reported() -> None:
    problems = Problems()
    entities = resolve_entities(
        [article("a.md", "2022-03-01", directives=("Chỉ thị 04-CT/TW", "Chỉ thị 99-CT/TW",
                                                    "Chỉ thị 99/CT-TW", "Nghị quyết mới"))],
        Registries(directives=REGISTRY), problems)
    assert [p.format_text() for p in problems.items] == [
        "content/a.md:5: error: directives[0]: 'Chỉ thị 04-CT/TW' could be any of "
        "04-CT/TW (2011-07-06), 04-CT/TW (2021-08-10) (add the date of the document, such as "
        "'Chỉ thị 04-CT/TW ngày 6/7/2011')",
        "content/a.md:5: warning: directives[1]: 'Chỉ thị 99-CT/TW' is not in "
        "data/directives.yaml (add it there so its page shows the issuer, the date and "
        "the subject)",
        "content/a.md:5: warning: directives[2]: 'Chỉ thị 99/CT-TW' is not in "
        "data/directives.yaml (add it there so its page shows the issuer, the date and "
        "the subject)",
        "content/a.md:5: warning: directives[3]: 'Nghị quyết mới' is not a document citation "
        "(write the type and the code, such as 'Chỉ thị 04-CT/TW')",
    ]
    cited = entities.by_article["a.md"].directives
    assert cited == ("99-ct-tw", "nghi-quyet-moi")
    unknown = entities.directives["99-ct-tw"]
    assert (unknown.title, unknown.code, unknown.type, unknown.known) == (
        "Chỉ thị 99-CT/TW", "99-CT/TW", "Chỉ thị", False)
    assert "04-ct-tw-2011" in entities.directives  # every registered document has a page


@pytest.mark.parametrize("text, name, role", [
    ("ông Nguyễn Văn Minh", "Nguyễn Văn Minh", ""),
    ("Bà Trần Thị Hạnh", "Trần Thị Hạnh", ""),
    ("đồng chí Trần Quốc Vượng", "Trần Quốc Vượng", ""),
    ("Đ/c Lê Văn Minh", "Lê Văn Minh", ""),
    ("PGS.TS Phạm Văn Đức", "Phạm Văn Đức", ""),
    ("Chủ tịch Nguyễn Phương Nga", "Nguyễn Phương Nga", "Chủ tịch"),
    ("Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam Nguyễn Phương Nga", "Nguyễn Phương Nga",
     "Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam"),
    ("Phó Trưởng ban Ban Tuyên giáo Tỉnh ủy Đỗ Quang Vinh", "Đỗ Quang Vinh",
     "Phó Trưởng ban Ban Tuyên giáo Tỉnh ủy"),
    ("Chủ tịch UBND thành phố Hà Nội Nguyễn Văn Nam", "Nguyễn Văn Nam",
     "Chủ tịch UBND thành phố Hà Nội"),
    ("Marie C. Damour", "Marie C. Damour", ""),
])
def test_honorifics_and_roles_in_front_of_names(text: str, name: str, role: str) -> None:
    assert split_title(text) == (name, role)


def test_speaker_aliases_and_spelling_variants_resolve_to_the_registry_name() -> None:
    people = NameResolver.of((SpeakerRecord("Nguyễn Phương Nga", ("Phương Nga",)),), Problems(),
                             "speaker")
    assert resolve_speaker("bà phương nga", "", people)[:2] == ("Nguyễn Phương Nga", "")
    assert resolve_speaker("Chủ tịch Nguyễn Phương Nga", "", people)[:2] == (
        "Nguyễn Phương Nga", "Chủ tịch")
    assert resolve_speaker("NGUYỄN PHƯƠNG NGA", "Chủ tịch VUFO", people)[:2] == (
        "Nguyễn Phương Nga", "Chủ tịch VUFO")


def test_articles_share_one_entity_per_person_and_place() -> None:
    problems = Problems()
    articles = [
        article("a.md", "2019-12-05", "Khánh Hoà", (Speaker("ông Lê Trung Hưng", "Chủ tịch"),)),
        article("b.md", "2020-11-05", "Khánh Hòa", (Speaker("Lê Trung Hưng", "Chủ tịch"),)),
        article("c.md", "2021-06-18", "khánh  hòa", (Speaker("Chủ tịch Lê Trung Hưng"),)),
        article("d.md", "2022-07-07", "Tỉnh Khánh Hòa",
                (Speaker("Lê Trung Hưng", "Nguyên Chủ tịch"),)),
    ]
    entities = resolve_entities(articles, Registries(venues=(VenueRecord(
        "Khánh Hòa", ("Tỉnh Khánh Hòa",)),)), problems)
    assert problems.items == []
    assert len(entities.places) == 1 and len(entities.people) == 1
    (place,) = entities.places.values()
    assert (place.name, place.slug) == ("Khánh Hòa", "khanh-hoa")
    (person,) = entities.people.values()
    assert (person.name, person.slug) == ("Lê Trung Hưng", "le-trung-hung")
    index, _ = build_index(articles, entities)
    term = index.speaker_by_key[person.key]
    assert term.article_ids == ("d.md", "c.md", "b.md", "a.md")
    from diplomacy_archive.site.views import roles_over_time
    roles = roles_over_time(person.key, index)
    assert [(r["role"], r["first"]["short"], r["last"]["short"], r["count"]) for r in roles] == [
        ("Chủ tịch", "05/12/2019", "18/06/2021", 3),
        ("Nguyên Chủ tịch", "07/07/2022", "07/07/2022", 1),
    ]


def test_most_frequent_spelling_is_shown_without_a_registry() -> None:
    entities = resolve_entities(
        [article("a.md", "2020-01-01", "Thanh Hoá"), article("b.md", "2020-01-02", "Thanh Hóa"),
         article("c.md", "2020-01-03", "Thanh Hóa")], Registries(), Problems())
    assert [p.name for p in entities.places.values()] == ["Thanh Hóa"]


def test_names_differing_only_in_tones_get_distinct_slugs() -> None:
    assert distinct_slugs({"k1": "Hoa", "k2": "Hòa", "k3": "Hóa"}) == {
        "k1": "hoa", "k2": "hoa-2", "k3": "hoa-3"}


def test_speakers_index_in_vietnamese_given_name_order() -> None:
    names = ["Đỗ Văn Đạt", "Trần Văn Dũng", "Vũ Thị Ân", "Phạm Ngọc Ánh", "Lê Thị Anh",
             "Hoàng Văn An"]
    articles = [
        article(f"{i}.md", "2020-01-01", speakers=(Speaker(n),)) for i, n in enumerate(names)
    ]
    index, _ = build_index(articles, resolve_entities(articles, Registries(), Problems()))
    assert [t.name for t in index.speakers] == [
        "Hoàng Văn An", "Lê Thị Anh", "Phạm Ngọc Ánh", "Vũ Thị Ân", "Trần Văn Dũng", "Đỗ Văn Đạt"]
    family, _ = build_index(articles, resolve_entities(articles, Registries(), Problems()),
                            name_order="family")
    assert [t.name for t in family.speakers] == [  # Đ is the letter after D
        "Đỗ Văn Đạt", "Hoàng Văn An", "Lê Thị Anh", "Phạm Ngọc Ánh", "Trần Văn Dũng", "Vũ Thị Ân"]


def test_related_articles_rank_shared_directives_first_then_time() -> None:
    articles = [
        article("me.md", "2020-06-01", "Hà Nội", directives=("Chỉ thị 38-CT/TW",), tags=("a",)),
        article("same-directive.md", "2015-01-01", directives=("Chỉ thị 38/CT-TW",)),
        article("same-venue.md", "2020-06-02", "Hà Nội"),
        article("same-tag-near.md", "2020-06-03", tags=("a",)),
        article("same-tag-far.md", "2010-06-03", tags=("A",)),
        article("nothing.md", "2020-06-01"),
    ]
    index, _ = build_index(articles, resolve_entities(articles, Registries(), Problems()))
    assert index.related["me.md"] == ("same-directive.md", "same-venue.md", "same-tag-near.md",
                                      "same-tag-far.md")
    assert index.related["nothing.md"] == ()


def test_related_articles_are_at_most_five() -> None:
    articles = [article(f"a{i:02d}.md", f"2020-01-{i + 1:02d}", tags=("chung",)) for i in range(20)]
    index, _ = build_index(articles, resolve_entities(articles, Registries(), Problems()))
    assert len(index.related["a10.md"]) == 5
    assert set(index.related["a10.md"]) <= {f"a{i:02d}.md" for i in range(7, 14)}


def test_citations_in_text_are_linked_except_in_code_links_and_headings() -> None:
    def url_for(text: str) -> str | None:
        return "/van-ban/38-ct-tw/" if "38" in text else None
    html = ("<h2>Chỉ thị 38-CT/TW</h2>\n<p>Thực hiện Chỉ thị số 38-CT/TW ngày 19/9/2019 &amp; "
            "Chỉ thị 99-CT/TW, <code>Chỉ thị 38-CT/TW</code>, "
            '<a href="/x/">Chỉ thị 38-CT/TW</a>.</p>')
    assert link_citations(html, url_for) == (
        "<h2>Chỉ thị 38-CT/TW</h2>\n<p>Thực hiện "
        "<a class=\"citation\" data-citation href=\"/van-ban/38-ct-tw/\">"
        "Chỉ thị số 38-CT/TW ngày 19/9/2019</a> &amp; Chỉ thị 99-CT/TW, "
        "<code>Chỉ thị 38-CT/TW</code>, <a href=\"/x/\">Chỉ thị 38-CT/TW</a>.</p>")
