"""Sharing cards drawn with Pillow, each once: kept in <site>/.cache/cards/ by the digest of what
it shows (site.cards.Card.key) and of the font's bytes, and copied into the output from there.

Text is laid out by Raqm (HarfBuzz shaping, so a Vietnamese letter with two marks, such as the
"ổ" of "Đổi mới", is placed as the font designs it) where Pillow has it, else by Pillow's basic
layout, which is right for text in NFC (every Vietnamese letter is then one precomposed glyph).
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from diplomacy_archive.i18n import N_, kept_message
from diplomacy_archive.output.files import CopiedFile
from diplomacy_archive.site.cards import CARD_FONT, Card
from diplomacy_archive.source.site_folders import ASSETS_DIR

CARDS_CACHE = "cards"
BACKGROUND = (16, 52, 92)  # the theme's dark blue
ACCENT = (214, 40, 40)  # a red band, as the flags of the archive's subject
TITLE_COLOUR = (255, 255, 255)
SITE_COLOUR = (205, 222, 240)
MARGIN = 80


def layout_engine() -> ImageFont.Layout:
    return ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC


@lru_cache(maxsize=64)
def load_font(font: Path, size: int) -> ImageFont.FreeTypeFont:
    """The font at one size, loaded once per process (a card tries several sizes)."""
    return ImageFont.truetype(str(font), size, layout_engine=layout_engine())


# Titles are drawn word by word, each word's width and shape made once per process and size:
# the words of Vietnamese titles come back again and again ("hữu nghị", "tỉnh", "đoàn"...), and
# rasterising a 68-pixel line took 3.5 ms where pasting its words' shapes takes 0.25 ms.
# Shaping never reaches across a space, so a line is its words side by side, each placed at
# a whole pixel (a word may sit a fraction of a pixel from where a whole line puts it). Fitting
# a title tries several sizes by widths alone; a word is rasterised only at the size drawn.
@lru_cache(maxsize=4096)
def word_width(font: ImageFont.FreeTypeFont, word: str) -> float:
    """The advance from the word's start to the next word's, without the space."""
    return font.getlength(word)


@lru_cache(maxsize=64)
def space_of(font: ImageFont.FreeTypeFont) -> float:
    return font.getlength(" ")


def line_length(line: str, font: ImageFont.FreeTypeFont) -> float:
    words = line.split(" ")
    return sum(word_width(font, word) for word in words) + space_of(font) * (len(words) - 1)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words into lines no wider than ``width`` (a word wider than a line stands alone)."""
    lines: list[str] = []
    length = 0.0
    space = space_of(font)
    for word in text.split():
        advance = word_width(font, word)
        if lines and length + space + advance <= width:
            lines[-1] = f"{lines[-1]} {word}"
            length += space + advance
        else:
            lines.append(word)
            length = advance
    return lines


def fit(text: str, font_file: Path, width: int, max_lines: int, sizes: range
        ) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size in ``sizes`` at which ``text`` takes at most ``max_lines`` lines; at
    the smallest, the lines beyond are cut and the last one ends in an ellipsis."""
    font = load_font(font_file, sizes[0])
    lines = wrap(text, font, width)
    for size in sizes:
        font = load_font(font_file, size)
        lines = wrap(text, font, width)
        if len(lines) <= max_lines:
            return font, lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and line_length(last + "…", font) > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last.rstrip(" ,;:–-") + "…"
    return font, kept


# A card is drawn as palette indices: 0 the background, then LEVELS shades from the background
# to the title's colour (the smoothed edges of letters), LEVELS more to the site name's colour,
# then the red. Nothing is blended or quantised afterwards, and a palette PNG is a third of the
# bytes of a full-colour one. A card took 140 ms when a full-colour drawing was quantised and
# its PNG optimised, 15 ms drawn as indices, 10 ms drawn word by word, 6.5 ms with each word's
# indices pasted onto a copy of the shared base and the PNG written here (palette_png).
LEVELS = 64
SITE_FIRST = LEVELS + 1
ACCENT_INDEX = 2 * LEVELS + 1


def _shades(colour: tuple[int, int, int]) -> list[int]:
    return [round(b + (c - b) * level / LEVELS) for level in range(1, LEVELS + 1)
            for b, c in zip(BACKGROUND, colour, strict=True)]


PALETTE = [*BACKGROUND, *_shades(TITLE_COLOUR), *_shades(SITE_COLOUR), *ACCENT]


def _lookup(first: int) -> tuple[int, ...]:
    """Coverage 0–255 of a letter's pixel to the palette index of its shade (0: none)."""
    return tuple(0 if value == 0 else first + (value * (LEVELS - 1) + 127) // 255
                 for value in range(256))


TITLE_LOOKUP, SITE_LOOKUP = _lookup(1), _lookup(SITE_FIRST)


@dataclass(frozen=True)
class InkedWord:
    """A word as drawn at one size and in one colour's shades."""

    indices: Image.Image  # palette indices (its coverage through a lookup)
    mask: Image.Image  # 255 where the word inks, else 0
    offset: tuple[int, int]  # of both from the word's start on the baseline


@lru_cache(maxsize=4096)  # ~20 KB a word at the largest size: at most ~80 MB per process
def inked_word(font: ImageFont.FreeTypeFont, word: str, lookup: tuple[int, ...]
               ) -> InkedWord | None:
    """The word's shape through ``lookup`` (coverage 0–255 to a palette index); None for a
    word that inks nothing."""
    coverage, offset = font.getmask2(word, "L", anchor="ls")
    if not (coverage.size[0] and coverage.size[1]):
        return None
    shape = Image.frombytes("L", coverage.size, bytes(coverage))
    return InkedWord(shape.point(lookup), shape.point(INKED), offset)


INKED = (0, *(255,) * 255)


def draw_lines(layer: Image.Image, lines: list[tuple[tuple[int, int], str]],
               font: ImageFont.FreeTypeFont, lookup: tuple[int, ...], centred: bool = False
               ) -> None:
    """Draw lines of text on ``layer`` (an "L" image of palette indices) as indices of one
    colour's shades; each line's position is its top left (the font's ascender line), or its
    top middle when ``centred``. A pixel two words ink (which never happens on a card) is the
    later word's."""
    ascent = font.getmetrics()[0]
    space = space_of(font)
    for (x, top), line in lines:
        start = x - line_length(line, font) / 2 if centred else float(x)
        for word in line.split(" "):
            drawn = inked_word(font, word, lookup)
            if drawn is not None:
                layer.paste(drawn.indices, (round(start) + drawn.offset[0],
                                            top + ascent + drawn.offset[1]), drawn.mask)
            start += word_width(font, word) + space


@lru_cache(maxsize=8)
def _base(size: tuple[int, int], site: str, font_file: Path, kind: str) -> Image.Image:
    """What every card of a site shares: the red bands and the site's name (drawn once per
    process)."""
    width, height = size
    base = Image.new("L", size, 0)
    if kind == "logo" or not site:
        return base
    draw = ImageDraw.Draw(base)
    draw.rectangle((0, 0, width, 14), fill=ACCENT_INDEX)
    draw.rectangle((MARGIN, height - 130, MARGIN + 96, height - 124), fill=ACCENT_INDEX)
    site_font, site_lines = fit(site, font_file, width - 2 * MARGIN, 1, range(34, 22, -2))
    draw_lines(base, [((MARGIN, height - 100), site_lines[0])], site_font, SITE_LOOKUP)
    return base


def draw_card(card: Card, font_file: Path) -> bytes:
    """The card as PNG bytes: the title large, the site's name under a red band (a "logo":
    the site's name alone, centred)."""
    width, height = card.size
    if card.kind == "logo":
        font, lines = fit(card.title, font_file, width - 2 * 48, 5, range(84, 30, -4))
        line_height = round(font.size * 1.3)
        top, x, centred = (height - line_height * len(lines)) // 2, width // 2, True
    else:
        font, lines = fit(card.title, font_file, width - 2 * MARGIN, 4, range(68, 38, -4))
        line_height = round(font.size * 1.35)  # room for stacked marks: "Thường trực"
        top, x, centred = 110, MARGIN, False
    placed = [((x, top + number * line_height), line) for number, line in enumerate(lines)]
    indices = _base(card.size, card.site, font_file, card.kind).copy()
    draw_lines(indices, placed, font, TITLE_LOOKUP, centred)
    return palette_png(indices, PALETTE)


PNG_START = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


# Cards are written as PNG here rather than by Pillow, whose encoder tries five filters on
# every row and has no option to skip them (7 ms a card at deflate level 3, 6 ms at level 1).
# A card's rows are mostly runs of one index, which gain nothing from filters: unfiltered at
# level 1 they take 3 ms, and 400 titles average 21.2 KB a card (Pillow: 21.4 KB at level 1,
# 19.5 KB at level 3). The format: www.w3.org/TR/png-3/ (chunks of length, type, data and
# CRC-32; colour type 3 is indices into the PLTE chunk's palette; filter byte 0: none).
def palette_png(indices: Image.Image, palette: list[int]) -> bytes:
    """An "L" image of indices into ``palette`` (r, g, b, r, g, b...) as an 8-bit palette
    PNG."""
    width, height = indices.size
    raw = indices.tobytes()
    rows = b"".join(b"\0" + raw[start:start + width] for start in range(0, width * height, width))
    return b"".join((PNG_START,
                     _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
                     _chunk(b"PLTE", bytes(palette)),
                     _chunk(b"IDAT", zlib.compress(rows, 1)),
                     _chunk(b"IEND", b"")))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def card_font(inputs: Mapping[str, Path]) -> Path | None:
    """The font cards are drawn with: the site's assets/fonts/… if it has one, else the
    default theme's (``inputs`` as build.cache.scan found them)."""
    for label in (ASSETS_DIR, "theme-assets"):
        path = inputs.get(f"{label}/{CARD_FONT}")
        if path is not None:
            return path
    return None


def intact(path: Path) -> bool:
    """True when ``path`` is a whole PNG file, as far as its first and last bytes tell: a card
    cut short (a full disk, a damaged cache restored from elsewhere) is drawn again."""
    try:
        with path.open("rb") as file:
            start = file.read(len(PNG_START))
            file.seek(0, os.SEEK_END)
            if file.tell() < len(PNG_START) + len(PNG_END):
                return False
            file.seek(-len(PNG_END), os.SEEK_END)
            return start == PNG_START and file.read() == PNG_END
    except OSError:
        return False


@dataclass(frozen=True)
class CardTask:
    """One card to draw into the cache (a worker's task: plain, picklable data)."""

    card: Card
    font_file: Path
    path: Path  # where the cache keeps it


def cached_card(card: Card, font_digest: str, cache: Path) -> Path:
    """Where the cache keeps ``card`` drawn with the font of ``font_digest``."""
    name = hashlib.blake2b(f"{card.key}:{font_digest}".encode(), digest_size=16).hexdigest()
    return cache / CARDS_CACHE / f"{name}.png"


def font_digest(font_file: Path) -> str:
    return hashlib.blake2b(font_file.read_bytes(), digest_size=16).hexdigest()


def cards_to_draw(cards: list[Card], font_file: Path, cache: Path) -> list[CardTask]:
    """The cards the cache has no whole file of (each once)."""
    digest = font_digest(font_file)
    tasks = {}
    for card in cards:
        path = cached_card(card, digest, cache)
        if path not in tasks and not intact(path):
            tasks[path] = CardTask(card, font_file, path)
    return list(tasks.values())


def draw_into_cache(task: CardTask) -> Path:
    """Draw one card into the cache, whole or not at all (written beside, then renamed)."""
    task.path.parent.mkdir(parents=True, exist_ok=True)
    partial = task.path.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(draw_card(task.card, task.font_file))
    os.replace(partial, task.path)
    return task.path


def card_files(cards: list[Card], font_file: Path, cache: Path) -> list[CopiedFile]:
    """Each card as a file to copy into the output from the cache (cards_to_draw and
    draw_into_cache put them there first; ``check`` draws none and copies nothing)."""
    digest = font_digest(font_file)
    return [CopiedFile(card.path, cached_card(card, digest, cache),
                       kept_message(N_("the sharing picture of '{title}'"), title=card.title),
                       "config.yaml")
            for card in cards]
