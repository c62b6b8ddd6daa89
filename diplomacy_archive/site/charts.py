"""SVG bar charts as view-models, drawn at build time: citations per year, articles per month.

The template (partials/bar_chart.html) only places what is computed here; a chart needs no
JavaScript and prints as it shows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from diplomacy_archive.model.indexes import Year
from diplomacy_archive.site.urls import Urls

View = dict[str, Any]

TOP = 20  # room above the tallest bar for its count


@dataclass(frozen=True)
class Bar:
    label: str  # under the bar: "2021", "T3"
    count: int
    title: str  # what the bar says in words: "Tháng 3/2021: 2 bài"
    url: str | None = None
    group: str = ""  # a second label row, once per run of bars: the year of month bars


def bar_chart(bars: list[Bar], description: str, bar_width: int = 28, gap: int = 8,
              height: int = 120) -> View:
    """Bars scaled to the largest count, labels under them and, when bars have groups, the
    group's name under its first bar with a tick that separates it from the one before."""
    top = max((b.count for b in bars), default=0) or 1
    grouped = any(b.group for b in bars)
    baseline = TOP + height
    placed, groups = [], []
    for i, bar in enumerate(bars):
        x = gap + i * (bar_width + gap)
        bar_height = round(bar.count / top * height)
        placed.append({"label": bar.label, "count": bar.count, "title": bar.title,
                       "url": bar.url, "x": x, "width": bar_width, "y": baseline - bar_height,
                       "height": bar_height, "label_x": x + bar_width // 2})
        if bar.group and (i == 0 or bars[i - 1].group != bar.group):
            groups.append({"label": bar.group, "x": x, "tick_x": x - gap // 2})
    return {"width": gap + len(bars) * (bar_width + gap),
            "height": baseline + (44 if grouped else 24),
            "baseline": baseline, "label_y": baseline + 18, "group_y": baseline + 38,
            "bars": placed, "groups": groups, "linked": any(b.url for b in bars),
            "description": description}


def citations_per_year(years: Counter[int]) -> View:
    """A directive's citations in each year from the first to the last."""
    span = range(min(years), max(years) + 1)
    bars = [Bar(str(y), years.get(y, 0), f"{y}: {years.get(y, 0)} bài") for y in span]
    summary = ", ".join(f"{y}: {years.get(y, 0)}" for y in span)
    return bar_chart(bars, f"Số bài dẫn văn bản theo năm: {summary}")


def _month_bar(year: int, month: int, count: int, urls: Urls, group: str = "") -> Bar:
    # the name starts with what the bar shows (T6, 1), as WCAG 2.5.3 asks of links
    return Bar(f"T{month}", count, f"T{month}/{year}: {count} bài",
               urls.link(urls.month(year, month)) if count else None, group)


def articles_per_month(years: tuple[Year, ...], urls: Urls) -> View | None:
    """Every month of every year from the first dated article's to the last one's, each bar of
    a month with articles linking to its page; None when no article has a month."""
    counts = {(m.year, m.month): len(m.article_ids) for y in years for m in y.months}
    if not counts:
        return None
    first, last = min(counts)[0], max(counts)[0]
    bars = [_month_bar(year, month, counts.get((year, month), 0), urls, str(year))
            for year in range(first, last + 1) for month in range(1, 13)]
    return bar_chart(bars, f"Số bài viết theo tháng, từ năm {first} đến năm {last}",
                     bar_width=20, gap=6)


def year_by_month(year: Year, urls: Urls) -> View:
    """The twelve months of one year, the months with articles linking to their pages."""
    counts = {m.month: len(m.article_ids) for m in year.months}
    bars = [_month_bar(year.year, m, counts.get(m, 0), urls) for m in range(1, 13)]
    summary = ", ".join(f"tháng {m}: {counts[m]}" for m in sorted(counts))
    return bar_chart(bars, f"Số bài viết năm {year.year} theo tháng"
                           + (f": {summary}" if summary else ""), bar_width=20, gap=6)


def articles_per_year(years: tuple[Year, ...], urls: Urls) -> View | None:
    """Every year from the first article's to the last one's, oldest first, each bar of a year
    with articles linking to its page (the front page's timeline); None without articles."""
    counts = {y.year: y.count for y in years}
    if not counts:
        return None
    span = range(min(counts), max(counts) + 1)
    bars = [Bar(str(y), counts.get(y, 0), f"{y}: {counts.get(y, 0)} bài",
                urls.link(urls.year(y)) if counts.get(y) else None) for y in span]
    summary = ", ".join(f"{y}: {counts[y]}" for y in span if y in counts)
    return bar_chart(bars, f"Số bài viết theo năm: {summary}", bar_width=36, gap=8, height=80)
