"""Feeds, sitemap, robots.txt, sharing metadata and timeline charts of the built example archive,
published under a sub-path: everything a reader's feed app, a search engine or a social network
reads must be valid and point at files that exist."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from conftest import article_md, copy_example, run_cli
from htmlcheck import scan
from PIL import Image

from diplomacy_archive.output.theme import make_environment
from diplomacy_archive.site.sitemap import sitemap_files, sitemap_views
from diplomacy_archive.site.urls import Urls

BASE = "https://hoi-huu-nghi.example.vn/luu-tru/"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive, with one article revised after publication, built under BASE."""
    site = copy_example(tmp_path_factory.mktemp("syndication") / "site")
    (site / "content" / "2023").mkdir()
    (site / "content" / "2023" / "sua-doi.md").write_text(article_md(
        "Bài đã sửa <một> chữ & thêm ảnh", "2023-03-09", "Nội dung có [liên kết](/van-ban/)\x0c.",
        updated="2023-04-02", tags="[đối ngoại nhân dân, Thử nghiệm]", venue="Khánh Hòa",
        images="[{src: /anh/hoi-nghi.jpg, caption: Toàn cảnh hội nghị}]",
        directives="[Chỉ thị 12-CT/TW]", speakers="[Nguyễn Phương Nga]"), encoding="utf-8")
    (site / "static" / "anh").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (640, 400), (40, 90, 160)).save(site / "static" / "anh" / "hoi-nghi.jpg")
    run = run_cli("build", "--site", ".", "--base-url", BASE, cwd=site)
    assert run.code == 0, run.stderr
    return site / "public"


def export(out: Path) -> list[dict]:
    return json.loads((out / "data" / "articles.json").read_text(encoding="utf-8"))


def target(out: Path, url: str) -> Path:
    """The built file an absolute URL of the site points at (it must be under BASE)."""
    assert url.startswith(BASE), url
    rest = urlsplit(url).path[len(urlsplit(BASE).path):]
    path = out / rest
    return path / "index.html" if rest == "" or rest.endswith("/") else path


def feeds(out: Path) -> dict[str, feedparser.FeedParserDict]:
    return {p.relative_to(out).as_posix(): feedparser.parse(p.read_bytes())
            for p in sorted(out.rglob("atom.xml"))}


def test_every_feed_is_valid_atom_with_absolute_links_to_built_pages(built: Path) -> None:
    parsed = feeds(built)
    assert len(parsed) > 20
    for name, feed in parsed.items():
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        assert feed.version == "atom10", name
        assert feed.feed.id == f"tag:example.org,2024:{name}"  # config's host
        links = {link.rel: link.href for link in feed.feed.links}
        assert links["self"] == BASE + name
        assert target(built, links["alternate"]).is_file(), name
        for entry in feed.entries:
            assert target(built, entry.link).is_file(), (name, entry.link)
            assert entry.id == "tag:example.org,2024:" + entry.link[len(BASE):]
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", entry.published)
            assert ("content" in entry) == (name == "atom.xml"), name  # the text: once
            html = entry.content[0].value if "content" in entry else ""
            for url in re.findall(r'(?:href|src)="([^"]+)"', html):
                if not url.startswith(("http://", "https://", "#", "mailto:")):
                    raise AssertionError(f"{name}: relative link {url} in a feed entry")
                if url.startswith(BASE):
                    assert target(built, url.split("#")[0]).exists(), (name, url)


def test_each_feed_holds_the_articles_of_its_page_newest_first(built: Path) -> None:
    articles = export(built)  # newest first
    parsed = feeds(built)
    assert [e.link for e in parsed["atom.xml"].entries] == [a["url"] for a in articles][:20]
    expected: Counter[str] = Counter()
    for article in articles:
        for kind in ("tags", "speakers", "directives"):
            expected.update(f"{item['url']}atom.xml" for item in article[kind])
        if article["venue"]:
            expected[f"{article['venue']['url']}atom.xml"] += 1
    assert {BASE + name: len(f.entries) for name, f in parsed.items() if name != "atom.xml"} \
        == dict(expected)
    for feed in parsed.values():
        published = [e.published_parsed for e in feed.entries]
        assert published == sorted(published, reverse=True)


def test_a_feed_entry_carries_title_dates_tags_and_escaped_text(built: Path) -> None:
    feed = feeds(built)["chu-de/thu-nghiem/atom.xml"]
    assert feed.feed.title == "Chủ đề: Thử nghiệm"
    [entry] = feed.entries
    assert entry.title == "Bài đã sửa <một> chữ & thêm ảnh"
    assert entry.published == "2023-03-09T00:00:00+07:00"
    assert entry.updated == "2023-04-02T00:00:00+07:00" == feed.feed.updated
    assert [t.label for t in entry.tags] == ["đối ngoại nhân dân", "Thử nghiệm"]
    assert "content" not in entry  # the feeds of a tag, speaker... carry summaries
    assert entry.summary
    [full] = [e for e in feeds(built)["atom.xml"].entries if e.link == entry.link]
    assert f'href="{BASE}van-ban/"' in full.content[0].value  # the archive's feed: the text
    raw = (built / "atom.xml").read_text(encoding="utf-8")
    assert "\x0c" not in raw  # not allowed in XML: dropped


def test_the_feed_limit_caps_every_feed(copy_site) -> None:
    site = copy_site("example")
    config = site / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "feed_limit: 2\n", encoding="utf-8")
    assert run_cli("build", "--site", ".", cwd=site).code == 0
    counts = {n: len(f.entries) for n, f in feeds(site / "public").items()}
    assert counts["atom.xml"] == 2 and max(counts.values()) == 2 and min(counts.values()) == 1


def test_pages_announce_the_archive_feed_and_their_own(built: Path) -> None:
    def alternates(page: Path) -> list[str]:
        return [e.attrs["href"] for e in scan(page)
                if e.tag == "link" and e.attrs.get("rel") == "alternate"
                and e.attrs.get("type") == "application/atom+xml"]
    assert alternates(built / "index.html") == ["/luu-tru/atom.xml"]
    for folder in ("chu-de/thu-nghiem", "nhan-vat/nguyen-phuong-nga", "dia-diem/khanh-hoa",
                   "van-ban/12-ct-tw"):
        links = alternates(built / folder / "index.html")
        assert links == ["/luu-tru/atom.xml", f"/luu-tru/{folder}/atom.xml"]
        assert (built / folder / "atom.xml").is_file()


def test_the_sitemap_lists_every_page_once_with_its_last_change(built: Path) -> None:
    root = ElementTree.parse(built / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP_NS}urlset"
    entries = {u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod")
               for u in root.iter(f"{SITEMAP_NS}url")}
    pages = {p for p in built.rglob("index.html")}
    editor = built / "admin" / "index.html"  # the web editor's page: noindex, not listed
    assert editor in pages and "noindex" in editor.read_text(encoding="utf-8")
    assert {target(built, loc) for loc in entries} == pages - {editor}
    assert len(entries) == len(root.findall(f"{SITEMAP_NS}url"))  # each page once
    assert BASE + "404.html" not in entries
    for lastmod in filter(None, entries.values()):
        datetime.fromisoformat(lastmod)  # W3C datetime with its offset
    revised = next(a["url"] for a in export(built) if a["title"].startswith("Bài đã sửa"))
    assert entries[revised] == "2023-04-02T00:00:00+07:00"  # 'updated', not the date
    assert entries[BASE] == "2023-04-02T00:00:00+07:00"  # the newest article on the page
    # an index page lists the names of every article's tags: the newest change of all
    assert entries[BASE + "chu-de/"] == "2023-04-02T00:00:00+07:00"
    assert all(entries.values()), [url for url, m in entries.items() if not m]


def test_robots_txt_points_at_the_sitemap(built: Path) -> None:
    robots = (built / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_above_the_limit_the_sitemap_becomes_an_index_of_files() -> None:
    urls = Urls({"tags": "chu-de/"}, BASE, "/luu-tru/")
    moment = datetime.fromisoformat("2021-06-18T00:00:00+07:00")
    pages = [(f"p{i}/", moment if i % 2 else None) for i in range(7)]
    assert sitemap_files(3, limit=3) == [("sitemap.xml", "sitemap.xml")]
    assert sitemap_files(7, limit=3) == [("sitemap.xml", "sitemap-index.xml"),
                                          ("sitemap-1.xml", "sitemap.xml"),
                                          ("sitemap-2.xml", "sitemap.xml"),
                                          ("sitemap-3.xml", "sitemap.xml")]
    views = sitemap_views(pages, urls, limit=3)
    assert [(path, template) for path, template, _ in views] == sitemap_files(7, limit=3)
    env = make_environment(Path("/nonexistent"))
    index = ElementTree.fromstring(env.get_template(views[0][1]).render(**views[0][2]))
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    assert [s.findtext(f"{SITEMAP_NS}loc") for s in index] == [
        f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    assert [s.findtext(f"{SITEMAP_NS}lastmod") for s in index] == [
        "2021-06-18T00:00:00+07:00", "2021-06-18T00:00:00+07:00", None]
    listed = [ElementTree.fromstring(env.get_template(t).render(**v)) for _, t, v in views[1:]]
    assert [[u.findtext(f"{SITEMAP_NS}loc") for u in part] for part in listed] == [
        [f"{BASE}p{i}/" for i in range(3)], [f"{BASE}p{i}/" for i in range(3, 6)],
        [f"{BASE}p6/"]]


def meta(page: Path) -> list[tuple[str, str]]:
    return [(e.attrs.get("property") or e.attrs.get("name", ""), e.attrs.get("content", ""))
            for e in scan(page) if e.tag == "meta"]


def json_ld(page: Path) -> list[dict]:
    return [json.loads(e.text) for e in scan(page)
            if e.tag == "script" and e.attrs.get("type") == "application/ld+json"]


def test_every_page_has_a_canonical_address_and_open_graph(built: Path) -> None:
    for page in built.rglob("index.html"):
        canonical = [e.attrs["href"] for e in scan(page)
                     if e.tag == "link" and e.attrs.get("rel") == "canonical"]
        assert len(canonical) == 1 and target(built, canonical[0]) == page
        properties = dict(meta(page))
        assert properties["og:url"] == canonical[0]
        assert properties["og:locale"] == "vi_VN"
        assert properties["og:title"]
        assert properties["og:type"] == ("article" if "/bai-viet/" in str(page) else "website")


def test_an_article_page_describes_itself_to_search_engines_and_social_networks(
        built: Path) -> None:
    record = next(a for a in export(built) if a["title"].startswith("Bài đã sửa"))
    page = target(built, record["url"])
    properties = meta(page)
    assert ("article:published_time", "2023-03-09T00:00:00+07:00") in properties
    assert ("article:modified_time", "2023-04-02T00:00:00+07:00") in properties
    assert [v for k, v in properties if k == "article:tag"] == ["đối ngoại nhân dân", "Thử nghiệm"]
    assert ("og:image", BASE + "anh/hoi-nghi.jpg") in properties
    assert target(built, BASE + "anh/hoi-nghi.jpg").is_file()
    [data] = json_ld(page)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == record["title"]
    assert data["datePublished"] == "2023-03-09T00:00:00+07:00"
    assert data["dateModified"] == "2023-04-02T00:00:00+07:00"
    assert data["author"]["@type"] == "Organization"  # no author: the publisher wrote it
    assert data["publisher"]["name"]
    assert data["image"] == {"@type": "ImageObject", "url": BASE + "anh/hoi-nghi.jpg",
                             "width": 640, "height": 400}
    about = {(a["@type"], a["name"]) for a in data["about"]}
    assert ("Place", "Khánh Hòa") in about
    assert any(kind == "Legislation" for kind, _ in about)
    for item in data["about"]:
        assert target(built, item["url"]).is_file()
    assert data["mentions"] == [{"@type": "Person", "name": "Nguyễn Phương Nga"}]


def test_every_article_date_in_json_ld_carries_the_site_offset(built: Path) -> None:
    for record in export(built):
        [data] = json_ld(target(built, record["url"]))
        assert data["datePublished"].startswith(record["date"][:4])
        assert data["datePublished"].endswith("+07:00")


def test_the_home_page_offers_a_site_search_action(built: Path) -> None:
    [data] = json_ld(built / "index.html")
    assert data["@type"] == "WebSite" and data["url"] == BASE
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == BASE + "tim-kiem/?q={search_term_string}"
    assert target(built, template.split("?")[0]).is_file()
    assert action["query-input"] == "required name=search_term_string"
    [timeline] = json_ld(built / "dong-thoi-gian" / "index.html")  # not a WebSite: a list
    assert timeline["@type"] == "CollectionPage"


def chart_links(page: Path) -> list[tuple[str, str]]:
    """Each linked bar's address and the name its <title> gives it."""
    return re.findall(r'<a class="bar" href="([^"]+)">\s*<title>([^<]+)</title>',
                      page.read_text(encoding="utf-8"))


def test_the_timeline_chart_has_a_bar_per_month_linking_to_month_pages(built: Path) -> None:
    months = Counter(a["date"][:7] for a in export(built) if len(a["date"]) >= 7)
    links = chart_links(built / "dong-thoi-gian" / "index.html")
    assert len(links) == len(months)
    for href, label in links:
        year, month = href.rstrip("/").split("/")[-2:]
        assert label == f"T{int(month)}/{year}: {months[f'{year}-{month}']} bài"
        assert (built / href.removeprefix("/luu-tru/") / "index.html").is_file()
    svg = [e for e in scan(built / "dong-thoi-gian" / "index.html") if e.tag == "rect"
           and e.attrs.get("class") != "hit"]
    years = {a["date"][:4] for a in export(built)}
    assert len(svg) == 12 * (int(max(years)) - int(min(years)) + 1)  # every month of each year


def test_a_year_page_charts_its_twelve_months(built: Path) -> None:
    page = built / "dong-thoi-gian" / "2020" / "index.html"
    bars = [e for e in scan(page) if e.tag == "rect" and e.attrs.get("class") != "hit"]
    assert len(bars) == 12
    months = Counter(a["date"][5:7] for a in export(built) if a["date"].startswith("2020-"))
    assert [label for _, label in chart_links(page)] == [
        f"T{int(m)}/2020: {n} bài" for m, n in sorted(months.items())]



def test_charts_start_at_the_left_and_name_every_year(built: Path) -> None:
    """A chart is read from the left: no right-to-left frame that opens it at its end (and
    pushes a narrow chart to the right edge); every year under its months has its name."""
    css = (built / "assets" / "style.css").read_text(encoding="utf-8")
    assert not re.search(r"\.chart[^{]*\{[^}]*direction:\s*rtl", css)
    page = built / "dong-thoi-gian" / "index.html"
    labels = re.findall(r'<text class="group-label"[^>]*>([^<]+)</text>',
                        page.read_text(encoding="utf-8"))
    years = sorted({a["date"][:4] for a in export(built)})
    assert labels == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]
    first_bar = next(e for e in scan(page) if e.tag == "rect" and e.attrs.get("class") != "hit")
    assert int(first_bar.attrs["x"]) < 20  # the first month at the left edge
