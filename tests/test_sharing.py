"""What a page gives social networks, search engines and reference managers: its picture (the
article's own, else a card drawn once), JSON-LD, Highwire and Dublin Core meta, the sitemap's
dates, and feed ids that survive a move to another host."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from conftest import article_md, copy_example, run_cli
from htmlcheck import scan
from PIL import Image, ImageChops, ImageDraw, ImageFont

from diplomacy_archive.build.pipeline import BuildOptions, build
from diplomacy_archive.output.cards import (
    draw_card,
    draw_lines,
    intact,
    layout_engine,
    line_length,
    load_font,
    palette_png,
)
from diplomacy_archive.site.cards import CARD_FONT, Card
from diplomacy_archive.site.structured_data import trim_headline
from diplomacy_archive.source.site_folders import default_theme

BASE = "https://hoi-huu-nghi.example.vn/luu-tru/"
FONT = default_theme() / "assets" / CARD_FONT
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LONG_TITLE = ("Thường trực Liên hiệp các tổ chức hữu nghị tỉnh tiếp đoàn đại biểu Hội hữu nghị "
              "Lào – Việt Nam tỉnh Hủa Phăn sang thăm và làm việc nhân dịp kỷ niệm quan hệ đặc "
              "biệt")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive with an article whose title is longer than Google shows, written
    by a named author, and built once under BASE."""
    site = copy_example(tmp_path_factory.mktemp("sharing") / "site")
    (site / "content" / "2024").mkdir(exist_ok=True)
    (site / "content" / "2024" / "dai-tieu-de.md").write_text(article_md(
        LONG_TITLE, "2024-05-14", "Nội dung.", author="Trần Văn Bình",
        tags="[hữu nghị, Lào]"), encoding="utf-8")
    (site / "content" / "2024" / "co-anh.md").write_text(article_md(
        "Bài có ảnh", "2024-05-15", images="[{src: /anh/hoi-nghi.jpg, caption: Hội nghị}]"),
        encoding="utf-8")
    (site / "static" / "anh").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (800, 500), (40, 90, 160)).save(site / "static" / "anh" / "hoi-nghi.jpg")
    run = run_cli("build", "--site", ".", "--base-url", BASE, cwd=site)
    assert run.code == 0, run.stderr
    return site


@pytest.fixture(scope="module")
def built(site: Path) -> Path:
    return site / "public"


def target(out: Path, url: str) -> Path:
    assert url.startswith(BASE), url
    rest = urlsplit(url).path[len(urlsplit(BASE).path):]
    return out / rest / "index.html" if rest == "" or rest.endswith("/") else out / rest


def meta(page: Path) -> list[tuple[str, str]]:
    return [(e.attrs.get("property") or e.attrs.get("name", ""), e.attrs.get("content", ""))
            for e in scan(page) if e.tag == "meta"]


def json_ld(page: Path) -> list[dict]:
    return [json.loads(e.text) for e in scan(page)
            if e.tag == "script" and e.attrs.get("type") == "application/ld+json"]


def articles(out: Path) -> list[dict]:
    return json.loads((out / "data" / "articles.json").read_text(encoding="utf-8"))


def png_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        assert image.format == "PNG"
        return image.size


def test_every_article_page_shares_an_absolute_picture_that_exists(built: Path) -> None:
    for record in articles(built):
        properties = dict(meta(target(built, record["url"])))
        image = properties["og:image"]
        assert image.startswith(BASE), image
        assert target(built, image).is_file()
        assert properties["og:image:alt"]
        assert properties["twitter:card"] == "summary_large_image"
        if "/anh-chia-se/" in image:  # a card: its size is given, and true
            assert png_size(target(built, image)) == (1200, 630)
            assert (properties["og:image:width"], properties["og:image:height"]) == ("1200",
                                                                                     "630")


def test_an_article_with_an_image_shares_its_first_image(built: Path) -> None:
    page = next(p for p in built.glob("bai-viet/*/index.html")
                if any(e.tag == "figure" for e in scan(p)))
    elements = scan(page)
    figure = next(i for i, e in enumerate(elements) if e.tag == "figure")
    first = next(e.attrs["src"] for e in elements[figure:] if e.tag == "img")
    properties = dict(meta(page))
    assert properties["og:image"] == BASE + first.removeprefix("/luu-tru/")
    assert (properties["og:image:width"], properties["og:image:height"]) == ("800", "500")
    assert properties["og:image:alt"] == "Hội nghị"


def test_pages_other_than_articles_share_the_site_card(built: Path) -> None:
    for page in ("index.html", "dong-thoi-gian/index.html", "van-ban/index.html"):
        properties = dict(meta(built / page))
        assert "/anh-chia-se/" in properties["og:image"]
        assert png_size(target(built, properties["og:image"])) == (1200, 630)
        assert properties["og:image:alt"] == "Lưu trữ đối ngoại nhân dân"


def test_the_image_setting_replaces_the_site_card(copy_site) -> None:
    site = copy_site("example")
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "image: /anh/chia-se.png\n",
                      encoding="utf-8")
    (site / "static" / "anh").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 630), (40, 90, 160)).save(site / "static" / "anh" / "chia-se.png")
    build(BuildOptions(site, search=False))
    properties = dict(meta(site / "public" / "dia-diem" / "index.html"))
    assert properties["og:image"] == "https://example.org/luu-tru/anh/chia-se.png"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "/anh/chia-se.png", "https://cdn.example.com/x.png"), encoding="utf-8")
    run = run_cli("build", "--site", ".", cwd=site)
    assert run.code == 1 and "image" in run.stderr


def test_a_card_is_drawn_once_and_reused_from_the_cache(copy_site) -> None:
    site = copy_site("example")
    first = build(BuildOptions(site, search=False))
    cards = sorted((site / "public" / "anh-chia-se").glob("*.png"))
    assert first.cards_drawn == len(cards) > 2  # the articles without images, site, logo
    assert len(list((site / ".cache" / "cards").glob("*.png"))) == len(cards)
    body = next((site / "content").rglob("*.md"))
    body.write_text(body.read_text(encoding="utf-8") + "\nMột câu nữa.\n", encoding="utf-8")
    again = build(BuildOptions(site, search=False))
    assert again.cards_drawn == 0 and not again.nothing_changed
    elsewhere = build(BuildOptions(site, out=site / "khac", search=False))
    assert elsewhere.cards_drawn == 0  # another output folder, the same cards
    assert sorted(p.name for p in (site / "khac" / "anh-chia-se").iterdir()) == \
        [p.name for p in cards]
    text = body.read_text(encoding="utf-8")
    title = re.search(r"^title: (.*)$", text, re.M)
    assert title is not None
    body.write_text(text.replace(title.group(0), 'title: "Tiêu đề mới của bài"', 1),
                    encoding="utf-8")
    renamed = build(BuildOptions(site, search=False))
    assert renamed.cards_drawn == (0 if "images:" in text else 1)


def test_a_card_is_a_1200_by_630_png_that_changes_with_its_title() -> None:
    one = draw_card(Card("Đổi mới công tác đối ngoại nhân dân", "Lưu trữ"), FONT)
    two = draw_card(Card("Đổi mới công tác đối ngoại", "Lưu trữ"), FONT)
    for data in (one, two):
        with Image.open(io.BytesIO(data)) as image:
            assert (image.format, image.size) == ("PNG", (1200, 630))
    assert one != two
    assert Card("A", "B").key == Card("A", "B").key != Card("A", "C").key


def test_cards_are_palette_pngs_that_decode_to_the_indices_drawn(tmp_path: Path) -> None:
    """output.cards writes the PNG itself (rows unfiltered): Pillow reads back every index and
    the palette, and the file ends as a whole PNG must (cards.intact)."""
    indices = Image.new("L", (300, 40), 0)
    ImageDraw.Draw(indices).text((4, 2), "Đổi mới", font=load_font(FONT, 30), fill=7)
    indices.paste(3, (250, 0, 300, 40))
    palette = [value for index in range(8) for value in (index, 2 * index, 255 - index)]
    data = palette_png(indices, palette)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert (image.format, image.mode, image.size) == ("PNG", "P", (300, 40))
        assert image.tobytes() == indices.tobytes()
        assert image.getpalette()[:len(palette)] == palette
    (tmp_path / "the.png").write_bytes(data)
    assert intact(tmp_path / "the.png")
    (tmp_path / "cut.png").write_bytes(data[:-5])
    assert not intact(tmp_path / "cut.png")


def _drawn(text: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    image = Image.new("L", (760, 140))
    ImageDraw.Draw(image).text((10, 30), text, font=font, fill=255)
    return image


def _ink(image: Image.Image) -> int:
    return sum(image.histogram()[129:])


def _unmarked(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c)).replace("Đ", "D").replace("đ", "d")


@pytest.mark.parametrize("text", ["Đổi mới", "Thường trực", "Hữu nghị", "Nguyễn Phương Nga"])
def test_the_card_font_draws_every_vietnamese_letter_with_its_marks(text: str) -> None:
    """No letter is the font's 'missing glyph' box, each marked letter's glyph box differs
    from its letter's without marks, and the words ink more than without their marks."""
    font = load_font(FONT, 64)
    missing = font.getmask("\U0010fffd").getbbox()
    for letter in set(text.replace(" ", "")):
        assert font.getmask(letter).getbbox() != missing, letter
        if _unmarked(letter) != letter:
            assert font.getbbox(letter) != font.getbbox(_unmarked(letter)), letter
    assert _ink(_drawn(text, font)) > _ink(_drawn(_unmarked(text), font))
    if layout_engine() is ImageFont.Layout.RAQM:  # shaped: marks typed apart stack the same
        nfd = _drawn(unicodedata.normalize("NFD", text), font)
        assert ImageChops.difference(_drawn(text, font), nfd).getbbox() is None


def test_a_title_drawn_word_by_word_is_the_line_drawn_whole() -> None:
    """Cards paste each word's shape, made once per size (output.cards.inked_word): the same
    letters and marks, each word within a pixel of where the whole line puts it."""
    font = load_font(FONT, 64)
    text = "Thường trực Hội hữu nghị Việt Nam – Lào tỉnh Hủa Phăn"
    whole = Image.new("L", (1500, 120))
    ImageDraw.Draw(whole).text((10, 20), text, font=font, fill=255, anchor="la")
    words = Image.new("L", (1500, 120))
    draw_lines(words, [((10, 20), text)], font, tuple(range(256)))
    assert abs(line_length(text, font) - font.getlength(text)) < 1
    assert _ink(words) == pytest.approx(_ink(whole), rel=0.005)
    assert all(abs(a - b) <= 1 for a, b in zip(words.getbbox(), whole.getbbox(), strict=True))
    # each column of ink is the whole line's, give or take a pixel to either side
    columns = [sum(whole.crop((x, 0, x + 1, 120)).histogram()[129:]) for x in range(1500)]
    drawn = [sum(words.crop((x, 0, x + 1, 120)).histogram()[129:]) for x in range(1500)]
    assert all(min(abs(drawn[x] - columns[x + shift]) for shift in (-1, 0, 1)) <= 3
               for x in range(1, 1499))


def test_json_ld_has_an_image_a_publisher_logo_and_a_short_headline(built: Path) -> None:
    for record in articles(built):
        page = target(built, record["url"])
        [data] = json_ld(page)
        assert data["@type"] == "NewsArticle"
        assert len(data["headline"]) <= 110
        image = data["image"] if isinstance(data["image"], dict) else data["image"][0]
        assert image["url"] == dict(meta(page))["og:image"]
        logo = data["publisher"]["logo"]
        assert logo["@type"] == "ImageObject" and logo["url"].endswith(".png")
        assert png_size(target(built, logo["url"])) == (logo["width"], logo["height"])
        assert logo["width"] >= 112 and logo["height"] >= 112
    long = next(r for r in articles(built) if r["title"] == LONG_TITLE)
    [data] = json_ld(target(built, long["url"]))
    assert data["headline"].endswith("…") and LONG_TITLE.startswith(data["headline"][:-1])
    assert LONG_TITLE[len(data["headline"]) - 1] == " "  # cut at a word
    page = target(built, long["url"]).read_text(encoding="utf-8")
    assert f"<h1 class=\"article-title\" data-pagefind-meta=\"title\">{LONG_TITLE}</h1>" in page
    assert f"<title>{LONG_TITLE} – " in page  # the page's own title is whole


def test_headlines_are_cut_at_a_word_and_never_inside_a_letter() -> None:
    assert trim_headline("Ngắn") == "Ngắn"
    cut = trim_headline("hữu nghị " * 20)
    assert len(cut) <= 110 and cut.endswith("nghị…")
    word = unicodedata.normalize("NFD", "ướ" * 80)  # one long word: letters and their marks
    cut = trim_headline(word)
    assert len(cut) <= 110 and cut.endswith("…")
    assert not unicodedata.combining(cut[-2]) or unicodedata.normalize("NFC", cut[:-1]) \
        == unicodedata.normalize("NFC", word)[:len(unicodedata.normalize("NFC", cut[:-1]))]
    assert not unicodedata.combining(word[len(cut) - 1])  # the next one starts a letter


def test_more_pages_describe_themselves_in_json_ld(built: Path) -> None:
    kinds = {"nhan-vat/index.html": ("CollectionPage", None),
             "dia-diem/index.html": ("CollectionPage", None),
             "van-ban/12-ct-tw/index.html": ("CollectionPage", "Legislation"),
             "dong-thoi-gian/2020/index.html": ("CollectionPage", None)}
    speaker = next(built.glob("nhan-vat/*/index.html"))
    venue = next(built.glob("dia-diem/*/index.html"))
    kinds[speaker.relative_to(built).as_posix()] = ("CollectionPage", "Person")
    kinds[venue.relative_to(built).as_posix()] = ("CollectionPage", "Place")
    for page, (kind, about) in kinds.items():
        [data] = json_ld(built / page)
        assert data["@context"] == "https://schema.org" and data["@type"] == kind, page
        assert data["url"] == BASE + page.removesuffix("index.html")
        if about:
            assert data["about"]["@type"] == about, page
        crumbs = data["breadcrumb"]["itemListElement"]
        assert crumbs[0]["item"] == BASE and crumbs[-1]["item"] == data["url"]
        assert [c["position"] for c in crumbs] == list(range(1, len(crumbs) + 1))
        for item in data["mainEntity"]["itemListElement"]:
            assert target(built, item["url"]).is_file(), (page, item)
    [document] = json_ld(built / "van-ban/12-ct-tw/index.html")
    assert document["about"]["legislationIdentifier"] == "12-CT/TW"
    assert document["about"]["legislationType"] == "Chỉ thị"


def test_articles_carry_highwire_and_dublin_core_meta(built: Path) -> None:
    record = next(r for r in articles(built) if r["title"] == LONG_TITLE)
    page = target(built, record["url"])
    pairs = meta(page)
    values = dict(pairs)
    assert values["citation_title"] == values["DC.title"] == LONG_TITLE
    assert values["citation_author"] == values["DC.creator"] == "Trần Văn Bình"
    assert values["citation_publication_date"] == "2024/05/14"
    assert values["DC.date"] == "2024-05-14"
    assert values["citation_journal_title"] == "Lưu trữ đối ngoại nhân dân"
    assert values["citation_publisher"] == values["DC.publisher"]
    assert values["citation_language"] == values["DC.language"] == "vi"
    assert values["citation_public_url"] == values["citation_abstract_html_url"] \
        == values["DC.identifier"] == record["url"]
    assert [v for k, v in pairs if k == "DC.subject"] == ["hữu nghị", "Lào"]
    assert any(e.tag == "link" and e.attrs.get("rel") == "schema.DC"
               and e.attrs.get("href") == "http://purl.org/dc/elements/1.1/"
               for e in scan(page))
    other = next(r for r in articles(built) if r["date"].startswith("2020-11"))
    dates = dict(meta(target(built, other["url"])))
    assert re.fullmatch(r"2020/11(/\d\d)?", dates["citation_publication_date"])
    assert "citation_author" not in dates or dates["citation_author"]


def test_every_sitemap_address_has_a_last_change(built: Path) -> None:
    root = ElementTree.parse(built / "sitemap.xml").getroot()
    urls = root.findall(f"{SITEMAP_NS}url")
    assert len(urls) > 30
    for url in urls:
        lastmod = url.find(f"{SITEMAP_NS}lastmod")
        assert lastmod is not None and lastmod.text, url.findtext(f"{SITEMAP_NS}loc")


def feed_ids(out: Path) -> dict[str, list[str]]:
    ids = {}
    for path in sorted(out.rglob("atom.xml")):
        feed = feedparser.parse(path.read_bytes())
        ids[path.relative_to(out).as_posix()] = [feed.feed.id] + [e.id for e in feed.entries]
    return ids


def test_feed_ids_are_tag_uris_that_survive_a_move_to_another_host(copy_site) -> None:
    site = copy_site("example")
    config = site / "config.yaml"
    build(BuildOptions(site, search=False))
    before = feed_ids(site / "public")
    assert before["atom.xml"][0] == "tag:example.org,2024:atom.xml"
    assert all(re.fullmatch(r"tag:example\.org,2024:[a-z0-9/.-]+", i)
               for ids in before.values() for i in ids)
    build(BuildOptions(site, search=False, base_url="https://mirror.example.net/"))
    assert feed_ids(site / "public") == before  # a preview or mirror elsewhere
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("https://example.org/luu-tru/", "https://doi-ngoai.vn/")
                      + "feed_id_authority: example.org,2024\n", encoding="utf-8")
    build(BuildOptions(site, search=False))
    assert feed_ids(site / "public") == before  # moved: the setting keeps the ids
    links = feedparser.parse((site / "public" / "atom.xml").read_bytes()).entries
    assert links[0].link.startswith("https://doi-ngoai.vn/")


def test_a_damaged_card_in_the_cache_is_drawn_again(copy_site) -> None:
    site = copy_site("example")
    build(BuildOptions(site, search=False))
    kept = sorted((site / ".cache" / "cards").glob("*.png"))
    whole = kept[0].read_bytes()
    kept[0].write_bytes(whole[: len(whole) // 2])  # cut short, as by a full disk
    again = build(BuildOptions(site, out=site / "khac", search=False))
    assert again.cards_drawn == 1
    assert kept[0].read_bytes() == whole  # drawn the same, byte for byte
    for card in (site / "khac" / "anh-chia-se").iterdir():
        assert png_size(card) in ((1200, 630), (512, 512))


def test_a_raster_logo_setting_is_the_publisher_logo(copy_site) -> None:
    site = copy_site("example")
    (site / "static" / "anh").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 400), (200, 30, 30)).save(site / "static" / "anh" / "logo.png")
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "logo: /anh/logo.png\n",
                      encoding="utf-8")
    build(BuildOptions(site, search=False))
    [data] = json_ld(site / "public" / "index.html")
    assert data["publisher"]["logo"]["url"] == "https://example.org/luu-tru/anh/logo.png"
    assert not list((site / "public" / "anh-chia-se").glob("logo-*.png"))


def test_an_article_whose_body_shows_a_picture_shares_it_and_gets_no_card(copy_site) -> None:
    site = copy_site("example")
    (site / "content" / "2024").mkdir(exist_ok=True)
    (site / "content" / "2024" / "anh-trong-bai.md").write_text(article_md(
        "Ảnh trong thân bài", "2024-05-16",
        "Buổi gặp mặt.\n\n![Toàn cảnh buổi gặp](/anh/toan-canh.jpg)\n"), encoding="utf-8")
    (site / "static" / "anh").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (640, 400), (160, 90, 40)).save(site / "static" / "anh" / "toan-canh.jpg")
    result = build(BuildOptions(site, search=False))
    assert not result.problems.errors
    page = site / "public" / "bai-viet" / "anh-trong-bai" / "index.html"
    properties = dict(meta(page))
    assert properties["og:image"].endswith("/anh/toan-canh.jpg")
    assert (properties["og:image:width"], properties["og:image:height"]) == ("640", "400")
    from diplomacy_archive.site.cards import Card
    from diplomacy_archive.source.config import load_config
    config, _ = load_config(site)
    assert config is not None
    card = Card("Ảnh trong thân bài", config.title)  # what it would have been given
    assert not (site / "public" / card.path).exists()
    assert not any(p.name == f"{card.key}.png" for p in (site / "public" / "anh-chia-se").iterdir())
