#!/usr/bin/env python3
"""A deterministic synthetic archive for benchmarks: ``python benchmarks/corpus.py N OUT_DIR``.

Writes a complete site folder for the generator: ``config.yaml``, ``content/<yyyy>/<slug>.md``
(front matter as in docs/content.md, about 4,300 characters of Vietnamese body each) and the
registries ``data/directives.yaml``, ``data/speakers.yaml`` and ``data/venues.yaml``.

The shape follows a real archive: dates over 2000-2025 (about 5 % known only to the month and
2 % only to the year), ~300 tags with Zipf-like popularity, ~2,000 speakers (some written with
"ông"/"bà", a role in front, or a registered alias), the 63 provinces as venues (some written as
aliases or with another tone placement), ~150 registered documents cited in varied forms
("Chỉ thị 38-CT/TW", "Chỉ thị số 38/CT-TW", "38-CT/TW", "Chỉ thị 38"). Every citation names
exactly one registered document, so the site builds with ``--strict`` and no warnings.

The same seed always gives the same bytes. Only the standard library is used; the functions
``citation_forms``, ``venue_forms`` and ``SPEAKER_PREFIXES`` are shared with peers.py, which
reads a generated site back to convert it for Hugo and Pelican.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import re
import shutil
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from random import Random

SITE_TITLE = "Lưu trữ đối ngoại nhân dân (bộ dữ liệu đo hiệu năng)"
BASE_URL = "https://example.org/luu-tru/"
PER_PAGE = 10
FIRST_YEAR, LAST_YEAR = 2000, 2025
TAG_COUNT = 300
SPEAKER_COUNT = 2000
BODY_MEAN, BODY_SD = 4300, 350


class FastRandom(Random):
    """Random with choice, randrange and shuffle built on random(): several times faster than
    the exact-integer versions, equally deterministic (the bias is below 2**-40)."""

    def choice(self, seq):  # type: ignore[no-untyped-def, override]
        return seq[int(self.random() * len(seq))]

    def randrange(self, start, stop=None, step=1):  # type: ignore[no-untyped-def, override]
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))

    def shuffle(self, x):  # type: ignore[no-untyped-def, override]
        r = self.random
        for i in range(len(x) - 1, 0, -1):
            j = int(r() * (i + 1))
            x[i], x[j] = x[j], x[i]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _words(text: str) -> list[str]:
    """A vocabulary list written one item per line (NFC). An indented line continues the item
    above it, joined with one space, so that a long sentence stays one item."""
    items: list[str] = []
    for line in text.strip().splitlines():
        word = line.strip()
        if not word:
            continue
        if line[0].isspace() and items:
            items[-1] += " " + word
        else:
            items.append(word)
    return [nfc(item) for item in items]


def ascii_fold(text: str) -> str:
    """Lower-case ASCII form (đ -> d, tones dropped): the key that slugs and peers' URLs use."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode("ascii").lower()


_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 80) -> str:
    """The generator's slug rule (docs/content.md): ASCII letters and digits joined by '-'."""
    slug = _NON_SLUG.sub("-", ascii_fold(text)).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:max_length]
    return slug.strip("-")


# ----------------------------------------------------------------------------- vocabulary

# The 63 provinces and centrally-run cities (before the 2025 merger). "city" marks the five
# centrally-run cities, written "thành phố X" in running text.
PROVINCES = _words("""
Hà Nội
Thành phố Hồ Chí Minh
Hải Phòng
Đà Nẵng
Cần Thơ
An Giang
Bà Rịa - Vũng Tàu
Bạc Liêu
Bắc Giang
Bắc Kạn
Bắc Ninh
Bến Tre
Bình Dương
Bình Định
Bình Phước
Bình Thuận
Cà Mau
Cao Bằng
Đắk Lắk
Đắk Nông
Điện Biên
Đồng Nai
Đồng Tháp
Gia Lai
Hà Giang
Hà Nam
Hà Tĩnh
Hải Dương
Hậu Giang
Hòa Bình
Hưng Yên
Khánh Hòa
Kiên Giang
Kon Tum
Lai Châu
Lâm Đồng
Lạng Sơn
Lào Cai
Long An
Nam Định
Nghệ An
Ninh Bình
Ninh Thuận
Phú Thọ
Phú Yên
Quảng Bình
Quảng Nam
Quảng Ngãi
Quảng Ninh
Quảng Trị
Sóc Trăng
Sơn La
Tây Ninh
Thái Bình
Thái Nguyên
Thanh Hóa
Thừa Thiên Huế
Tiền Giang
Trà Vinh
Tuyên Quang
Vĩnh Long
Vĩnh Phúc
Yên Bái
""")
CITIES = frozenset(PROVINCES[:5])
assert len(PROVINCES) == 63 and len(set(PROVINCES)) == 63

# Countries, most often mentioned first.
COUNTRIES = _words("""
Lào
Campuchia
Trung Quốc
Nhật Bản
Hàn Quốc
Liên bang Nga
Hoa Kỳ
Pháp
Cu-ba
Ấn Độ
Đức
Thái Lan
Xin-ga-po
Ô-xtrây-li-a
Anh
I-ta-li-a
Mông Cổ
In-đô-nê-xi-a
Ma-lai-xi-a
Phi-líp-pin
Mi-an-ma
Bru-nây
Ca-na-đa
Niu Di-lân
Ba Lan
Séc
Hung-ga-ri
Bun-ga-ri
Ru-ma-ni
Bê-la-rút
U-crai-na
Ca-dắc-xtan
Thụy Điển
Na Uy
Phần Lan
Đan Mạch
Hà Lan
Bỉ
Thụy Sĩ
Áo
Tây Ban Nha
Bồ Đào Nha
Hy Lạp
Thổ Nhĩ Kỳ
I-xra-en
Pa-le-xtin
Ai Cập
An-giê-ri
Ma-rốc
Nam Phi
Mô-dăm-bích
Ăng-gô-la
Ni-giê-ri-a
Mê-hi-cô
Bra-xin
Ác-hen-ti-na
Chi-lê
Vê-nê-xu-ê-la
Ni-ca-ra-goa
Pê-ru
Cô-lôm-bi-a
I-ran
I-rắc
Xri Lan-ca
Nê-pan
Băng-la-đét
Pa-ki-xtan
Đông Ti-mo
U-dơ-bê-ki-xtan
Lúc-xăm-bua
Ai-len
Xlô-va-ki-a
Crô-a-ti-a
Xéc-bi-a
Ả Rập Xê-út
Cô-oét
Ca-ta
Gioóc-đa-ni
Li-băng
Ê-ti-ô-pi-a
Kê-ni-a
Tan-da-ni-a
Xê-nê-gan
Ma-đa-gát-xca
Dim-ba-bu-ê
Na-mi-bi-a
Tuy-ni-di
Ác-mê-ni-a
A-déc-bai-gian
Gru-di-a
Lít-va
Lát-vi-a
E-xtô-ni-a
Xlô-ven-ni-a
Pa-na-ma
Ê-cu-a-đo
Bô-li-vi-a
U-ru-goay
""")

TOPIC_TAGS = _words("""
đối ngoại nhân dân
hữu nghị
hợp tác quốc tế
hội nghị
tọa đàm
VUFO
hội thảo
giao lưu văn hóa
viện trợ phi chính phủ
tổ chức phi chính phủ nước ngoài
kỷ niệm
thông tin đối ngoại
người Việt Nam ở nước ngoài
thanh niên
phụ nữ
hòa bình
đoàn kết quốc tế
hội nhập quốc tế
phát triển bền vững
biến đổi khí hậu
giáo dục
y tế
khắc phục hậu quả chiến tranh
chất độc da cam
bom mìn sau chiến tranh
giảm nghèo
an sinh xã hội
ngoại giao văn hóa
du lịch
nghệ thuật
thể thao
học bổng
tình nguyện
đại hội
tổng kết
sơ kết
tập huấn
bồi dưỡng nghiệp vụ
ký kết
biên bản ghi nhớ
địa phương kết nghĩa
đoàn ra
đoàn vào
chúc mừng
Tết cổ truyền
Quốc khánh
ngày truyền thống
kỷ niệm chương
huân chương hữu nghị
khen thưởng
tuyên truyền
biển đảo
ASEAN
APEC
Liên hợp quốc
tiểu vùng Mê Kông
hợp tác biên giới
biên giới hòa bình
cứu trợ thiên tai
phòng chống dịch
COVID-19
chuyển đổi số
đổi mới sáng tạo
nông nghiệp
môi trường
nước sạch
trẻ em
người khuyết tật
người cao tuổi
bình đẳng giới
doanh nghiệp
đầu tư
thương mại
xúc tiến thương mại
lao động
du học sinh
cựu chiến binh
tôn giáo
dân tộc thiểu số
Ban Đối ngoại Trung ương
Mặt trận Tổ quốc
ngoại giao nhân dân
Chủ tịch Hồ Chí Minh
tình hình mới
hội hữu nghị
quan hệ song phương
ngoại giao đa phương
nghiên cứu
báo chí
truyền thông
di sản văn hóa
ẩm thực
âm nhạc
triển lãm
sách
điện ảnh
khoa học công nghệ
năng lượng tái tạo
kinh tế biển
chăm sóc sức khỏe
phục hồi chức năng
xây dựng trường học
cầu nông thôn
nhà tình nghĩa
quỹ học bổng
giao lưu nhân dân
kiều bào
trại hè thanh niên
thành phố kết nghĩa
đối thoại chính sách
tiếng Việt
""")

HONORIFIC_MALE, HONORIFIC_FEMALE = "ông", "bà"
# Words of address and roles an article may write before a speaker's name; peers.py strips them.
SPEAKER_PREFIXES = ("ông", "bà", "đồng chí", "Chủ tịch", "Phó Chủ tịch", "Đại sứ", "Giám đốc",
                    "Tổng Lãnh sự", "Trưởng ban", "Phó Trưởng ban", "Bí thư", "Phó Bí thư")

FAMILY_NAMES = _words("""
Nguyễn
Trần
Lê
Phạm
Hoàng
Huỳnh
Phan
Vũ
Võ
Đặng
Bùi
Đỗ
Hồ
Ngô
Dương
Lý
Đinh
Trịnh
Đoàn
Lương
Mai
Cao
Lâm
Tạ
Hà
Chu
Tô
Vương
Đào
Thái
""")
FAMILY_WEIGHTS = [38, 11, 9.5, 7, 5, 4, 4.5, 3.9, 3, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5, 1, 0.8, 0.7,
                  0.7, 0.6, 0.7, 0.5, 0.4, 0.6, 0.4, 0.4, 0.3, 0.5, 0.4]
MIDDLE_MALE = _words("""
Văn
Hữu
Đức
Minh
Quốc
Thanh
Xuân
Công
Đình
Trung
Quang
Hoàng
Tiến
Ngọc
Anh
Bá
Duy
Mạnh
Thành
Tuấn
""")
MIDDLE_FEMALE = _words("""
Thị
Thu
Hồng
Ngọc
Phương
Thanh
Kim
Minh
Bích
Thùy
Mai
Lan
Hải
Diệu
Khánh
""")
GIVEN_MALE = _words("""
An
Bảo
Bình
Cường
Chiến
Công
Dũng
Duy
Đạt
Định
Đông
Đức
Giang
Hải
Hào
Hậu
Hiếu
Hòa
Hoàng
Hùng
Huy
Hưng
Khang
Khánh
Khoa
Kiên
Lâm
Long
Lộc
Lợi
Luân
Mạnh
Minh
Nam
Nghĩa
Nguyên
Nhân
Phong
Phúc
Phước
Quân
Quang
Quý
Sơn
Tài
Tâm
Tân
Thắng
Thành
Thịnh
Thông
Tiến
Toàn
Trí
Trung
Trường
Tuấn
Tùng
Việt
Vinh
Vũ
Vượng
""")
GIVEN_FEMALE = _words("""
An
Anh
Ánh
Bích
Chi
Dung
Duyên
Giang
Hà
Hạnh
Hằng
Hiền
Hoa
Hồng
Huệ
Hương
Lan
Liên
Linh
Loan
Mai
My
Nga
Ngân
Ngọc
Nhung
Oanh
Phương
Quyên
Quỳnh
Tâm
Thảo
Thanh
Thoa
Thu
Thủy
Trang
Trinh
Tuyết
Uyên
Vân
Xuân
Yến
""")
FOREIGN_FIRST_MALE = _words("""
Peter
Michael
Jean
Pierre
Hans
Klaus
Ivan
Sergei
Carlos
José
Marco
Luca
Anders
Lars
Kenji
Takeshi
Kim Jong
Park Sung
Somsak
Bounmy
Sok
David
Thomas
Paolo
Ahmed
""")
FOREIGN_FIRST_FEMALE = _words("""
Marie
Anna
Sophie
Claire
Elena
Olga
Maria
Ingrid
Karin
Yuki
Akiko
Lee Min
Malee
Souphaphone
Sophea
Laura
Julia
Fatima
Helen
Nadia
""")
FOREIGN_LAST = _words("""
Hansen
Müller
Schmidt
Dubois
Martin
Lefèvre
Ivanov
Petrova
García
Rodríguez
Rossi
Bianchi
Andersson
Nilsson
Tanaka
Suzuki
Watanabe
Lee
Choi
Phommavong
Sisouk
Chan
Smith
Brown
Novak
Kowalski
Horváth
Silva
Santos
Haddad
""")

ORG_NATIONAL = _words("""
Liên hiệp các tổ chức hữu nghị Việt Nam
Ban Đối ngoại Trung ương
Ủy ban Hòa bình Việt Nam
Bộ Ngoại giao
Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam
Hội Liên hiệp Phụ nữ Việt Nam
Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh
Hội Cựu chiến binh Việt Nam
Ủy ban Nhà nước về người Việt Nam ở nước ngoài
Học viện Chính trị quốc gia Hồ Chí Minh
""")
ORG_PROVINCIAL = _words("""
Liên hiệp các tổ chức hữu nghị {pl}
Sở Ngoại vụ {pl}
Ủy ban nhân dân {pl}
Ban Đối ngoại Tỉnh ủy {p}
Hội Liên hiệp Phụ nữ {pl}
Tỉnh đoàn {p}
Hội Cựu chiến binh {pl}
Ủy ban Mặt trận Tổ quốc Việt Nam {pl}
""")
NGO_NAMES = _words("""
Quỹ Hòa bình và Phát triển
Tổ chức Đông Tây Hội ngộ
Quỹ Cứu trợ Nhi đồng
Tổ chức Tầm nhìn Thế giới
Hội Chữ thập đỏ
Tổ chức Phát triển Hà Lan
Quỹ Châu Á
Tổ chức Cứu trợ và Phát triển
Tổ chức Hành động vì Trẻ em
Quỹ Nhi đồng Liên hợp quốc
""")

EVENTS = _words("""
hội nghị
hội thảo
tọa đàm
buổi gặp mặt
lễ kỷ niệm
chương trình giao lưu
diễn đàn
lễ ký kết biên bản ghi nhớ
buổi làm việc
hội nghị tổng kết
lớp tập huấn
buổi tiếp xúc
""")
THEMES = _words("""
Đối ngoại nhân dân trong tình hình mới
Vai trò của đối ngoại nhân dân trong hội nhập quốc tế
Phát huy sức mạnh đại đoàn kết và tình hữu nghị giữa các dân tộc
Nâng cao hiệu quả vận động viện trợ phi chính phủ nước ngoài
Tăng cường giao lưu văn hóa, nhân dân với các nước láng giềng
Thanh niên với sự nghiệp hòa bình, hữu nghị và hợp tác
Đổi mới công tác thông tin đối ngoại
Kết nối kiều bào với quê hương
Hợp tác vì phát triển bền vững vùng biên giới
Chung tay ứng phó với biến đổi khí hậu
Phụ nữ với công tác đối ngoại nhân dân
Khắc phục hậu quả chiến tranh, hướng tới tương lai
""")
TOPICS = _words("""
đối ngoại nhân dân
hợp tác hữu nghị
giao lưu văn hóa
vận động viện trợ phi chính phủ nước ngoài
thông tin đối ngoại
hội nhập quốc tế
khắc phục hậu quả chiến tranh
phát triển cộng đồng
giáo dục và đào tạo
chăm sóc sức khỏe ban đầu
ứng phó với biến đổi khí hậu
xóa đói, giảm nghèo bền vững
công tác thanh niên
kết nối kiều bào
quảng bá hình ảnh đất nước, con người Việt Nam
xây dựng đường biên giới hòa bình, hữu nghị
""")
PROJECT_KINDS = _words("""
xây dựng trường học
cung cấp nước sạch
hỗ trợ sinh kế
phục hồi chức năng cho người khuyết tật
trao học bổng cho học sinh nghèo
nâng cao năng lực y tế cơ sở
bảo vệ rừng ngập mặn
rà phá bom mìn
phòng chống thiên tai dựa vào cộng đồng
phát triển du lịch cộng đồng
""")
PUBLISHERS = _words("""
Báo Nhân Dân
Báo Thế giới và Việt Nam
Báo Quân đội nhân dân
Thông tấn xã Việt Nam
Tạp chí Hữu nghị
Báo Điện tử Đảng Cộng sản Việt Nam
Cổng thông tin điện tử tỉnh
Đài Tiếng nói Việt Nam
""")
AUTHORS = _words("""
Hồng Loan
Minh Châu
Thu Hà
Ngọc Anh
Quang Huy
Phương Thảo
Đức Minh
Thanh Tâm
Hải Yến
Việt Dũng
Bảo Ngọc
Lan Hương
Trung Kiên
Khánh Linh
Hoàng Nam
Mai Phương
Văn Tuấn
Thùy Dung
""")

HEADINGS = _words("""
Kết quả nổi bật
Phương hướng, nhiệm vụ thời gian tới
Những con số ấn tượng
Ý kiến của các đại biểu
Đẩy mạnh vận động viện trợ
Tăng cường hợp tác với {country}
Nhìn lại chặng đường đã qua
Những bài học kinh nghiệm
Giao lưu văn hóa, nghệ thuật
Phát huy vai trò của các hội hữu nghị
Gắn kết nhân dân hai nước
Đổi mới nội dung và phương thức hoạt động
Kiến nghị, đề xuất
""")

LEAD = _words("""
{when}, tại {place_text}, {org} đã tổ chức {event} với chủ đề "{theme}".
{when}, {org} phối hợp với {org2} tổ chức {event} về {topic} tại {place_text}.
{when}, tại {place_text}, {org} tổ chức {event} nhân dịp kỷ niệm {n1} năm
    thiết lập quan hệ ngoại giao Việt Nam - {country}.
{when}, đoàn đại biểu {org} do {sp1} dẫn đầu đã có {event} với các đối tác {country}
    tại {place_text}.
""")
ATTEND = _words("""
Tham dự {event} có {sp2};
    đại diện các sở, ban, ngành, đoàn thể và {n2} đại biểu là thành viên các hội hữu nghị.
Về phía bạn có đại diện Đại sứ quán {country} tại Việt Nam
    cùng nhiều tổ chức phi chính phủ nước ngoài đang hoạt động tại địa phương.
Sự kiện thu hút hơn {n3} đại biểu,
    trong đó có nhiều nhà nghiên cứu, nhà báo, doanh nhân và đông đảo bạn bè quốc tế.
{event_cap} được tổ chức theo hình thức trực tiếp kết hợp trực tuyến,
    kết nối {n2} điểm cầu trong cả nước.
Cùng dự có các đồng chí lãnh đạo {org2} và đại diện {ngo}.
Đông đảo hội viên các hội hữu nghị, sinh viên quốc tế đang học tập tại địa phương
    cũng tham gia chương trình.
Đến dự còn có đại diện lãnh đạo các cơ quan thông tấn, báo chí Trung ương và địa phương.
""")
SPEECH = _words("""
Phát biểu khai mạc, {sp1} nhấn mạnh công tác {topic} là một bộ phận quan trọng
    của nền ngoại giao Việt Nam toàn diện, hiện đại.
Theo {sp1}, trong những năm qua, {org} đã chủ động, sáng tạo trong triển khai các hoạt động {topic},
    góp phần củng cố môi trường hòa bình, ổn định.
{sp2} đánh giá cao sự đóng góp của các tổ chức hữu nghị và bạn bè quốc tế vào sự nghiệp
    xây dựng và phát triển của {place_text}.
Phát biểu tại {event}, {sp2} khẳng định nhân dân {country} luôn trân trọng tình cảm hữu nghị
    truyền thống với nhân dân Việt Nam.
{sp1} đề nghị các cơ quan, đơn vị tiếp tục phối hợp chặt chẽ,
    nâng cao chất lượng tham mưu và đổi mới phương thức hoạt động.
Nhiều ý kiến cho rằng cần phát huy hơn nữa vai trò của các hội hữu nghị trong việc kết nối nhân dân,
    tạo nền tảng xã hội vững chắc cho quan hệ hai nước.
Các đại biểu đã tập trung thảo luận những giải pháp nhằm nâng cao hiệu quả công tác {topic}
    trong bối cảnh tình hình thế giới diễn biến nhanh chóng, phức tạp.
{sp2} bày tỏ mong muốn hai bên tiếp tục mở rộng hợp tác
    trong các lĩnh vực giáo dục, y tế, văn hóa và du lịch.
Theo các đại biểu, đối ngoại nhân dân có lợi thế riêng trong việc tiếp cận các tầng lớp nhân dân,
    các tổ chức xã hội và giới trẻ nước ngoài.
{sp1} lưu ý cần chú trọng công tác dự báo, nắm bắt tình hình,
    kịp thời tham mưu những chủ trương phù hợp với thực tiễn.
Chia sẻ tại {event}, đại diện {ngo} cho biết tổ chức mong muốn tiếp tục đồng hành
    cùng chính quyền và người dân địa phương.
Nhiều tham luận đã phân tích sâu sắc những thời cơ, thách thức đối với công tác {topic}
    trong giai đoạn mới.
""")
RESULTS = _words("""
Trong nhiệm kỳ qua, {org} đã tổ chức {n2} đoàn ra, đón tiếp {n3} đoàn vào,
    qua đó tăng cường hiểu biết và tin cậy lẫn nhau.
Công tác vận động viện trợ phi chính phủ nước ngoài đạt kết quả tích cực với {n2} dự án,
    tổng giá trị cam kết khoảng {n1} triệu USD.
Các dự án tập trung vào lĩnh vực {project},
    mang lại lợi ích thiết thực cho người dân vùng sâu, vùng xa.
Nhiều hoạt động giao lưu văn hóa, nghệ thuật, thể thao được tổ chức,
    góp phần quảng bá hình ảnh đất nước, con người Việt Nam.
Bên cạnh những kết quả đạt được, công tác {topic} vẫn còn một số hạn chế
    như nguồn lực chưa tương xứng, phương thức hoạt động chậm đổi mới.
{org} đã phối hợp với {ngo} triển khai chương trình {project} tại {n2} xã khó khăn.
Hoạt động của các hội hữu nghị ngày càng đi vào chiều sâu,
    thu hút sự tham gia của nhiều tầng lớp nhân dân, nhất là thế hệ trẻ.
Công tác thông tin đối ngoại được đẩy mạnh,
    nhiều ấn phẩm song ngữ giới thiệu về tiềm năng, thế mạnh của địa phương đã được phát hành.
Năm {year}, tổng giá trị viện trợ phi chính phủ nước ngoài giải ngân trên địa bàn
    đạt khoảng {n2} tỷ đồng, tăng so với cùng kỳ.
Các chương trình học bổng, khám chữa bệnh miễn phí và hỗ trợ người có hoàn cảnh khó khăn
    được duy trì thường xuyên.
Việc quản lý hoạt động của các tổ chức phi chính phủ nước ngoài được thực hiện chặt chẽ,
    đúng quy định của pháp luật.
Công tác phát triển hội viên được quan tâm, nhiều hội hữu nghị mới được thành lập ở cấp huyện và
    trong các trường đại học.
""")
COOPERATION = _words("""
Hai bên đã trao đổi về phương hướng hợp tác trong thời gian tới,
    trong đó ưu tiên các lĩnh vực {topic} và {project}.
Nhân dịp này, {org} và đối tác {country} đã ký kết biên bản ghi nhớ hợp tác giai đoạn mới.
Phía {country} cam kết tiếp tục đồng hành cùng Việt Nam trong các chương trình {project}.
Các đại biểu thống nhất sẽ tăng cường trao đổi đoàn,
    chia sẻ kinh nghiệm và mở rộng giao lưu nhân dân giữa các địa phương hai nước.
Đây là dịp để nhân dân hai nước ôn lại truyền thống hữu nghị tốt đẹp,
    cùng hướng tới tương lai hợp tác, phát triển.
Tình hữu nghị giữa nhân dân Việt Nam và nhân dân {country} đã được vun đắp qua nhiều thế hệ
    và ngày càng bền chặt.
Các địa phương kết nghĩa của hai nước đã duy trì trao đổi đoàn định kỳ,
    chia sẻ kinh nghiệm trong quản lý và phát triển kinh tế - xã hội.
Hai bên cũng nhất trí phối hợp tổ chức
    các hoạt động giao lưu văn hóa, ẩm thực và thể thao nhân dịp các ngày lễ lớn.
Nhiều doanh nghiệp {country} bày tỏ quan tâm tìm hiểu cơ hội đầu tư, kinh doanh tại {place_text}.
""")
CLOSING = _words("""
Kết thúc {event}, {sp1} cảm ơn sự tham gia nhiệt tình của các đại biểu
    và mong muốn tiếp tục nhận được sự ủng hộ của bạn bè quốc tế.
Trong khuôn khổ {event}, {org} đã trao tặng
    Kỷ niệm chương "Vì hòa bình, hữu nghị giữa các dân tộc" cho {n2} cá nhân có nhiều đóng góp.
{event_cap} khép lại trong không khí hữu nghị, cởi mở,
    để lại nhiều ấn tượng tốt đẹp đối với bạn bè quốc tế.
Các hoạt động trên góp phần thực hiện thắng lợi nhiệm vụ đối ngoại nhân dân năm {year}
    của {place_text}.
""")
LIST_INTRO = _words("""
Trong thời gian tới, {org} tập trung triển khai các nhiệm vụ trọng tâm sau:
Các đại biểu thống nhất một số giải pháp chủ yếu:
Một số kết quả nổi bật được ghi nhận tại {event}:
{event_cap} đề ra các kiến nghị cụ thể:
""")
LIST_ITEMS = _words("""
Nâng cao nhận thức của cán bộ, đảng viên và nhân dân về vị trí, vai trò của công tác {topic}
Đổi mới nội dung, phương thức hoạt động theo hướng thiết thực, hiệu quả
Tăng cường phối hợp giữa các cơ quan làm công tác đối ngoại của Đảng, Nhà nước và nhân dân
Mở rộng quan hệ với các tổ chức nhân dân, tổ chức phi chính phủ nước ngoài
Kiện toàn tổ chức, nâng cao chất lượng đội ngũ cán bộ làm công tác đối ngoại nhân dân
Đẩy mạnh vận động viện trợ cho các chương trình {project}
Tổ chức tốt các hoạt động kỷ niệm ngày lễ lớn của hai nước
Phát huy vai trò của người Việt Nam ở nước ngoài trong quảng bá hình ảnh đất nước
Ứng dụng công nghệ thông tin trong công tác thông tin đối ngoại
Chủ động tham mưu cấp ủy, chính quyền về công tác {topic}
""")
DIRECTIVE_SENTENCES = _words("""
{event_cap} là dịp quán triệt và triển khai {cite} {subject}.
Các đại biểu thống nhất tiếp tục thực hiện hiệu quả {cite},
    coi đây là định hướng quan trọng cho công tác {topic}.
Hoạt động được triển khai theo tinh thần {cite} {subject}.
""")
DIRECTIVE_SUBJECTS = _words("""
về tiếp tục đổi mới và nâng cao hiệu quả công tác đối ngoại nhân dân trong tình hình mới
về tăng cường sự lãnh đạo của Đảng đối với công tác đối ngoại nhân dân
về tiếp tục đổi mới, nâng cao chất lượng, hiệu quả hoạt động của Liên hiệp các tổ chức hữu nghị
về công tác đối với người Việt Nam ở nước ngoài
về hội nhập quốc tế
về công tác thông tin đối ngoại giai đoạn mới
về quản lý và sử dụng viện trợ phi chính phủ nước ngoài
ban hành Quy chế quản lý thống nhất các hoạt động đối ngoại
về đẩy mạnh công tác ngoại giao kinh tế
về tổ chức các hoạt động kỷ niệm Ngày truyền thống công tác đối ngoại nhân dân
về công tác vận động viện trợ phi chính phủ nước ngoài giai đoạn mới
về tăng cường quan hệ hữu nghị, hợp tác với các nước láng giềng
về xây dựng đường biên giới hòa bình, hữu nghị, hợp tác và phát triển
về công tác bảo vệ chủ quyền biển, đảo gắn với đối ngoại nhân dân
về đối ngoại đa phương đến năm 2030
về phát huy vai trò của nhân dân trong xây dựng hình ảnh quốc gia
triển khai công tác đối ngoại nhân dân
về tổ chức đại hội các hội hữu nghị nhiệm kỳ mới
""")
TABLE_ROWS = _words("""
Giáo dục
Y tế
Nông nghiệp
Nước sạch và vệ sinh môi trường
Khắc phục hậu quả chiến tranh
Cứu trợ khẩn cấp
Phát triển cộng đồng
Người khuyết tật
""")

BODY_SENTENCES = (*ATTEND, *SPEECH, *RESULTS, *COOPERATION)


# ----------------------------------------------------------------------------- registries

PARTY_TERMS = (("VIII", 1996, 2001), ("IX", 2001, 2006), ("X", 2006, 2011), ("XI", 2011, 2016),
               ("XII", 2016, 2021), ("XIII", 2021, 2026))


@dataclass
class Directive:
    """One registered document: ``code`` in canonical form (04-CT/TW, 3935/KH-UBND)."""

    code: str
    type: str
    number: int
    abbr: str
    issuer_code: str
    year_in_code: int | None
    issuer: str
    issued: date | None
    subject: str
    party: bool
    supersedes: list[str] = field(default_factory=list)
    superseded_by: list[str] = field(default_factory=list)
    weight: float = 1.0

    @property
    def key(self) -> tuple[object, ...]:
        return (self.number, self.year_in_code, ascii_fold(self.abbr), ascii_fold(self.issuer_code))


def issuer_short(issuer: str) -> str:
    """The issuer as articles shorten it:
    'Ban Bí thư Trung ương Đảng (khóa XII)' -> 'Ban Bí thư'."""
    for long, short in (("Ban Bí thư", "Ban Bí thư"), ("Bộ Chính trị", "Bộ Chính trị"),
                        ("Ban Chấp hành Trung ương", "Ban Chấp hành Trung ương")):
        if issuer.startswith(long):
            return short
    return issuer


def _d(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def citation_forms(record: Directive, short_ok: bool, needs_date: bool) -> list[str]:
    """Every way articles of the corpus cite ``record``; each names it and nothing else.

    ``short_ok``: the type and number alone ("Chỉ thị 38") are unique in the registry.
    ``needs_date``: another registered document has the same code, so citations give the date.
    """
    t, code, n = record.type, record.code, record.number
    dated = f" ngày {_d(record.issued)}" if record.issued else ""
    if needs_date:
        assert dated, record.code
        return [f"{t} {code}{dated}", f"{t} số {code}{dated}"]
    forms = [f"{t} {code}", f"{t} số {code}", code,
             f"{t} số {code} của {issuer_short(record.issuer)}"]
    if record.party:
        forms.append(f"{t} số {n:02d}/{record.abbr}-{record.issuer_code}")   # 38/CT-TW
        forms.append(f"{t} số {n:02d} - {record.abbr}/{record.issuer_code}")  # 38 - CT/TW
        if n < 10:
            forms.append(f"{t} {n}-{record.abbr}/{record.issuer_code}")      # 4-CT/TW
    elif record.year_in_code is None:
        forms.append(f"{t} số {n}-{record.abbr}/{record.issuer_code}")      # 3935-KH/UBND
    if "Đ" in code:
        forms.append(f"{t} số {code.replace('Đ', 'D')}")                     # ND-CP for NĐ-CP
    if dated:
        forms.append(f"{t} số {code}{dated}")
    if short_ok:
        forms.append(f"{t} {n}")
        if dated:
            forms.append(f"{t} {n}{dated}")
    return forms


def registry_flags(records: list[Directive]) -> tuple[dict[int, bool], dict[int, bool]]:
    """(short_ok, needs_date) by index: which short forms are unique, which codes are shared."""
    by_short: dict[tuple[str, int], int] = {}
    by_key: dict[tuple[object, ...], int] = {}
    for r in records:
        by_short[(r.type, r.number)] = by_short.get((r.type, r.number), 0) + 1
        by_key[r.key] = by_key.get(r.key, 0) + 1
    # a short form's number must not read as a year ("Kế hoạch 2021")
    short_ok = {i: by_short[(r.type, r.number)] == 1 and not 1900 <= r.number <= 2099
                for i, r in enumerate(records)}
    needs_date = {i: by_key[r.key] > 1 for i, r in enumerate(records)}
    return short_ok, needs_date


def _random_day(rng: Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def make_directives(rng: Random) -> list[Directive]:
    """About 150 documents: Party (central and provincial), Ban Đối ngoại, Government, provinces."""
    records: list[Directive] = []
    keys: set[tuple[object, ...]] = set()
    last_day = date(LAST_YEAR, 6, 30)

    def add(type_: str, abbr: str, issuer_code: str, issuer: str, numbers: range, start: date,
            end: date, party: bool, with_year: bool = False, weight: float = 1.0) -> Directive:
        issued = _random_day(rng, start, min(end, last_day))
        while True:
            number = rng.choice(numbers)
            year = issued.year if with_year else None
            if party:
                code = f"{number:02d}-{abbr}/{issuer_code}"
            else:
                code = f"{number:02d}{'/' + str(year) if year else ''}/{abbr}-{issuer_code}"
            record = Directive(code, type_, number, abbr, issuer_code, year, issuer, issued,
                               rng.choice(DIRECTIVE_SUBJECTS), party, weight=weight)
            if record.key not in keys:
                keys.add(record.key)
                records.append(record)
                return record

    central: list[Directive] = []
    for term, y0, y1 in PARTY_TERMS:
        start, end = date(y0, 2, 1), date(y1, 1, 20)
        for _ in range(4):
            central.append(add("Chỉ thị", "CT", "TW", f"Ban Bí thư Trung ương Đảng (khóa {term})",
                               range(1, 61), start, end, True, weight=3.0))
        for _ in range(3):
            issuer = rng.choice(("Bộ Chính trị", "Ban Chấp hành Trung ương Đảng"))
            central.append(add("Nghị quyết", "NQ", "TW", f"{issuer} (khóa {term})",
                               range(1, 61), start, end, True, weight=2.0))
        for _ in range(2):
            central.append(add("Kết luận", "KL", "TW", f"Bộ Chính trị (khóa {term})",
                               range(1, 151), start, end, True))
        central.append(add("Quyết định", "QĐ", "TW", f"Ban Bí thư Trung ương Đảng (khóa {term})",
                           range(100, 301), start, end, True))
        central.append(add("Quy định", "QĐi", "TW", f"Bộ Chính trị (khóa {term})",
                           range(100, 301), start, end, True))
    # Party numbers restart with each term: a few codes are shared by documents of two terms.
    shared = [r for r in central if r.type in ("Chỉ thị", "Nghị quyết")]
    for old in rng.sample(shared[:20], 4):
        term, y0, y1 = next(t for t in PARTY_TERMS if date(t[1], 1, 1) > old.issued)
        issued = _random_day(rng, date(y0, 3, 1), min(date(y1, 1, 20), last_day))
        twin = Directive(old.code, old.type, old.number, old.abbr, old.issuer_code, None,
                         f"{old.issuer.split(' (')[0]} (khóa {term})", issued,
                         rng.choice(DIRECTIVE_SUBJECTS), True, weight=old.weight)
        records.append(twin)
    # Chains of documents replacing each other (never a shared code: it would need a date).
    single = [r for r in records if sum(1 for o in records if o.key == r.key) == 1]
    for type_ in ("Chỉ thị", "Nghị quyết"):
        chain = sorted((r for r in single if r.type == type_ and r.issuer_code == "TW"),
                       key=lambda r: r.issued)
        for older, newer in zip(chain[0::3], chain[1::3], strict=False):
            newer.supersedes.append(older.code)
            older.superseded_by.append(newer.code)
    y_start, y_end = date(1998, 1, 1), last_day
    for _ in range(10):
        add("Công văn", "CV", "BĐNTW", "Ban Đối ngoại Trung ương", range(100, 1000), y_start,
            y_end, True)
    for _ in range(5):
        add("Hướng dẫn", "HD", "BĐNTW", "Ban Đối ngoại Trung ương", range(1, 61), y_start,
            y_end, True)
    for _ in range(5):
        add("Kế hoạch", "KH", "BĐNTW", "Ban Đối ngoại Trung ương", range(1, 201), y_start,
            y_end, True)
    for _ in range(15):
        province = rng.choice(PROVINCES[5:])
        type_, abbr = rng.choice((("Chỉ thị", "CT"), ("Kế hoạch", "KH"), ("Nghị quyết", "NQ")))
        add(type_, abbr, "TU", f"Ban Thường vụ Tỉnh ủy {province}", range(1, 400), y_start, y_end,
            True)
    for _ in range(8):
        add("Nghị định", "NĐ", "CP", "Chính phủ", range(1, 201), y_start, y_end, False, True, 2.0)
    for _ in range(12):
        add("Quyết định", "QĐ", "TTg", "Thủ tướng Chính phủ", range(100, 2500), y_start, y_end,
            False)
    for _ in range(6):
        add("Chỉ thị", "CT", "TTg", "Thủ tướng Chính phủ", range(1, 41), y_start, y_end, False)
    for _ in range(4):
        add("Nghị quyết", "NQ", "CP", "Chính phủ", range(1, 201), y_start, y_end, False)
    for _ in range(12):
        add("Kế hoạch", "KH", "UBND", f"Ủy ban nhân dân tỉnh {rng.choice(PROVINCES[5:])}",
            range(100, 10000), y_start, y_end, False)
    for _ in range(4):
        add("Quyết định", "QĐ", "UBND", f"Ủy ban nhân dân tỉnh {rng.choice(PROVINCES[5:])}",
            range(100, 5000), y_start, y_end, False)
    for _ in range(4):
        add("Kế hoạch", "KH", "LHHN", "Liên hiệp các tổ chức hữu nghị Việt Nam", range(1, 300),
            y_start, y_end, False)
    # A few documents whose date of issue is not known.
    for record in rng.sample([r for r in records if r.issuer_code in ("TU", "UBND")], 3):
        if sum(1 for o in records if o.key == record.key) == 1:
            record.issued = None
    records.sort(key=lambda r: (r.issued or date(1990, 1, 1), r.code))
    return records


@dataclass
class Person:
    name: str
    female: bool
    foreign: bool
    roles: list[tuple[int, str]]  # (from year, role), in order
    province: str | None
    alias: str = ""
    bio: str = ""

    def role_in(self, year: int) -> str:
        role = self.roles[0][1]
        for since, text in self.roles:
            if year >= since:
                role = text
        return role


def _province_phrase(province: str) -> str:
    if province == "Hà Nội":
        return "thành phố Hà Nội"
    if province == "Thành phố Hồ Chí Minh":
        return "Thành phố Hồ Chí Minh"
    return f"thành phố {province}" if province in CITIES else f"tỉnh {province}"


def make_people(rng: Random) -> list[Person]:
    """~2,000 speakers: provincial leaders, national officials and foreign guests; unique names
    (also once tones are dropped, as Pelican's author slugs are), a few with an alias."""
    people: list[Person] = []
    taken: set[str] = set()
    family_cum = list(itertools.accumulate(FAMILY_WEIGHTS))

    def unique(make, female: bool) -> str:  # type: ignore[no-untyped-def]
        while True:
            name = make(female)
            key = ascii_fold(name)
            if key not in taken:
                taken.add(key)
                return name

    def vietnamese(female: bool) -> str:
        family = FAMILY_NAMES[bisect.bisect(family_cum, rng.random() * family_cum[-1])]
        middle = rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
        if rng.random() < 0.15:  # four-word names: Nguyễn Thị Thu Hà
            middle += " " + rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE)
        return f"{family} {middle} {given}"

    def foreign(female: bool) -> str:
        first = rng.choice(FOREIGN_FIRST_FEMALE if female else FOREIGN_FIRST_MALE)
        if rng.random() < 0.7:
            return f"{first} {rng.choice(FOREIGN_LAST)}"
        initial = chr(65 + rng.randrange(26))
        return f"{first} {initial}. {rng.choice(FOREIGN_LAST)}"  # Marie C. Damour

    provincial_roles = (
        "Chủ tịch Liên hiệp các tổ chức hữu nghị {pl}", "Phó Chủ tịch Ủy ban nhân dân {pl}",
        "Giám đốc Sở Ngoại vụ {pl}", "Phó Bí thư Tỉnh ủy {p}", "Trưởng ban Dân vận Tỉnh ủy {p}",
        "Phó Chủ tịch Liên hiệp các tổ chức hữu nghị {pl}", "Chủ tịch Hội Liên hiệp Phụ nữ {pl}",
        "Bí thư Tỉnh đoàn {p}", "Phó Giám đốc Sở Ngoại vụ {pl}")
    national_roles = (
        "Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam",
        "Phó Chủ tịch Liên hiệp các tổ chức hữu nghị Việt Nam",
        "Phó Trưởng ban Ban Đối ngoại Trung ương", "Thứ trưởng Bộ Ngoại giao",
        "Chủ tịch Hội hữu nghị Việt Nam - {c}", "Phó Chủ tịch Hội hữu nghị Việt Nam - {c}",
        "Vụ trưởng Vụ Chính sách đối ngoại, Bộ Ngoại giao", "Tổng Thư ký Ủy ban Hòa bình Việt Nam",
        "Phó Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        "Viện trưởng Viện Nghiên cứu Quốc tế và Đối ngoại nhân dân")
    foreign_roles = ("Đại sứ {c} tại Việt Nam", "Tổng Lãnh sự {c} tại Thành phố Hồ Chí Minh",
                     "Chủ tịch Hội hữu nghị {c} - Việt Nam", "Trưởng đại diện {ngo} tại Việt Nam",
                     "Tham tán Đại sứ quán {c} tại Việt Nam")
    for index in range(SPEAKER_COUNT):
        female = rng.random() < 0.35
        kind = "foreign" if index % 13 == 0 else "national" if index % 4 == 0 else "provincial"
        province = rng.choice(PROVINCES) if kind == "provincial" else None
        if kind == "foreign":
            name = unique(foreign, female)
            pool = foreign_roles
        else:
            name = unique(vietnamese, female)
            pool = provincial_roles if kind == "provincial" else national_roles
        slots = {"p": province or "", "pl": _province_phrase(province) if province else "",
                 "c": rng.choice(COUNTRIES[:40]), "ngo": rng.choice(NGO_NAMES)}
        first_year = rng.randrange(FIRST_YEAR - 3, LAST_YEAR - 2)
        roles = [(first_year, rng.choice(pool).format(**slots))]
        if rng.random() < 0.3:
            roles.append((rng.randrange(first_year + 2, LAST_YEAR + 1),
                          rng.choice(pool).format(**slots)))
        people.append(Person(name, female, kind == "foreign", roles, province))
    for person in people:
        if not person.foreign and rng.random() < 0.08:
            words = person.name.split()
            alias = f"{words[0]} {words[-1]}"  # Nguyễn Nga for Nguyễn Phương Nga
            if ascii_fold(alias) not in taken:
                taken.add(ascii_fold(alias))
                person.alias = alias
        if rng.random() < 0.25:
            since, role = person.roles[-1]
            person.bio = f"{role} (từ năm {since})."
    return people


def venue_forms(province: str) -> list[str]:
    """The ways articles write a venue: the name, registered aliases, another tone placement."""
    forms = [province, *venue_aliases(province)]
    moved = province.replace("Hòa", "Hoà").replace("Thủy", "Thuỷ").replace("Hóa", "Hoá")
    if moved != province:
        forms.append(moved)
    return forms


def venue_aliases(province: str) -> list[str]:
    if province == "Thành phố Hồ Chí Minh":
        return ["TP.HCM", "TP. Hồ Chí Minh", "TPHCM"]
    if province == "Hà Nội":
        return ["Thủ đô Hà Nội", "Thành phố Hà Nội"]
    if province in CITIES:
        return [f"Thành phố {province}", f"TP. {province}"]
    return [f"Tỉnh {province}"]


# ----------------------------------------------------------------------------- articles

@dataclass
class Appearance:
    written: str  # as the article writes it ("ông Nguyễn Văn An", "Nguyễn Văn An")
    role: str     # "" when the article gives none


@dataclass
class Article:
    path: str
    slug: str
    explicit_slug: bool
    title: str
    date_text: str
    date_yaml: str
    day: date
    precision: str  # "day", "minute", "month", "year"
    venue: str | None
    speakers: list[Appearance]
    citations: list[str]
    tags: list[str]
    summary: str
    author: str
    source: tuple[str, str] | None
    date_note: str
    body: str


@dataclass
class Corpus:
    seed: int
    directives: list[Directive]
    people: list[Person]
    tags: list[str]
    articles: list[Article]


class _Picker:
    """Weighted choice by cumulative weights (fast for large populations)."""

    def __init__(self, rng: Random, items: list, weights: list[float]) -> None:  # type: ignore[type-arg]
        self.rng, self.items = rng, items
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def one(self):  # type: ignore[no-untyped-def]
        return self.items[bisect.bisect(self.cum, self.rng.random() * self.total)]

    def distinct(self, k: int, exclude: tuple = ()) -> list:  # type: ignore[type-arg]
        chosen: list = []  # type: ignore[type-arg]
        while len(chosen) < k:
            item = self.one()
            if item not in chosen and item not in exclude:
                chosen.append(item)
        return chosen


def zipf(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


def make_tags() -> tuple[list[str], list[str], list[str]]:
    """(all tags in popularity order, country tags, friendship-society tags): 300 in all."""
    countries = COUNTRIES[:95]
    societies = [f"Hội hữu nghị Việt Nam - {c}" for c in countries]
    need = TAG_COUNT - len(countries) - len(societies)
    topics = TOPIC_TAGS[:need]
    assert len(topics) == need, (len(TOPIC_TAGS), need)
    ordered: list[str] = []
    for group in itertools.zip_longest(topics, countries, societies):
        ordered.extend(t for t in group if t is not None)
    ordered = list(dict.fromkeys(ordered))
    assert len(ordered) == TAG_COUNT and len({ascii_fold(t) for t in ordered}) == TAG_COUNT
    return ordered, countries, societies


_YEAR_WEIGHTS = [1.0 + 0.08 * (y - FIRST_YEAR) for y in range(FIRST_YEAR, LAST_YEAR + 1)]


def _honorific(person: Person) -> str:
    return HONORIFIC_FEMALE if person.female else HONORIFIC_MALE


def _title_words(title: str) -> int:
    return sum(1 for w in title.split() if w != "-")


def make_title(rng: Random, s: dict[str, str]) -> str:
    templates = (
        "{org} tổ chức {event} về {topic}",
        "{org} tổ chức {event} về {topic} năm {year}",
        "{event_cap} về {topic} tại {place_text}",
        "Tăng cường hợp tác hữu nghị giữa nhân dân {place_text} và nhân dân {country}",
        "Kỷ niệm {n1} năm thiết lập quan hệ ngoại giao Việt Nam - {country} ({since}-{year})",
        "{place} đón đoàn đại biểu {group} {country} sang thăm và làm việc",
        "Đoàn đại biểu {org} thăm và làm việc tại {country}",
        "{org} tổng kết công tác đối ngoại nhân dân năm {year}",
        "Đại hội Hội hữu nghị Việt Nam - {country} {place_text} nhiệm kỳ {year}-{year5}",
        "Trao Kỷ niệm chương vì hòa bình, hữu nghị giữa các dân tộc cho bạn bè {country}",
        "Giao lưu hữu nghị {group} Việt Nam - {country} năm {year} tại {place}",
        "Vận động viện trợ phi chính phủ nước ngoài cho chương trình {project} tại {place_text}",
        "{org} và {ngo} ký kết biên bản ghi nhớ về {project}",
        "Tọa đàm \"{theme}\" tại {place}",
        "{place_cap} gặp mặt hữu nghị nhân kỷ niệm {n1} năm quan hệ ngoại giao "
        "Việt Nam - {country}",
        "{event_cap} \"{theme}\" do {org} tổ chức năm {year}",
        "Đẩy mạnh {topic} trong tình hình mới: kinh nghiệm của {place_text}",
        "{org} tiếp đoàn {ngo} năm {year}",
        "Tổng kết {n2} năm thực hiện chương trình {project} tại {place_text}",
        "Nhân dân {place_text} và bạn bè {country} chung tay vì {project}",
    )
    for _ in range(50):
        title = rng.choice(templates).format(**s, n2=rng.randrange(3, 30),
                                             group=rng.choice(GROUPS))
        title = title[0].upper() + title[1:]
        if "năm " not in title and rng.random() < 0.7:
            title += rng.choice((f" năm {s['year']}", f" năm {s['year']}",
                                 f" trong năm {s['year']}", f" tháng {s['month']}/{s['year']}"))
        if (" tại " not in title and s["place"] not in title and rng.random() < 0.3
                and _title_words(title) < 12):
            title += f" tại {s['place_text']}"
        if 8 <= _title_words(title) <= 16:
            return title
    words = title.split()
    return " ".join(words[:16])


GROUPS = _words("""
nhân dân
thanh niên
phụ nữ
sinh viên
cựu chiến binh
doanh nhân
nghệ sĩ
nhà báo
thiếu nhi
""")


def _when(rng: Random, day: date, precision: str) -> str:
    if precision == "year":
        return f"Trong năm {day.year}"
    if precision == "month":
        return f"Trong tháng {day.month}/{day.year}"
    part = rng.choice(("Ngày", "Ngày", "Sáng", "Chiều"))
    return f"{part} {day.day}/{day.month}/{day.year}"


def _speaker_text(person: Person, role: str) -> str:
    return f"{_honorific(person)} {person.name}, {role}" if role else person.name


class Writer:
    """Makes the articles; holds the pickers so that each article costs few random draws."""

    def __init__(self, rng: Random, directives: list[Directive], people: list[Person]) -> None:
        self.rng = rng
        self.directives = directives
        self.people = people
        self.tags, self.country_tags, self.society_tags = make_tags()
        self.tag_picker = _Picker(rng, self.tags, zipf(len(self.tags)))
        self.country_picker = _Picker(rng, COUNTRIES[:95], zipf(95, 0.9))
        self.venue_picker = _Picker(rng, PROVINCES, [30, 14, 5, 6, 4] + [2.0] * 58)
        order = list(range(len(people)))
        rng.shuffle(order)
        popularity = [0.0] * len(people)
        for rank, i in enumerate(order, start=1):
            popularity[i] = 1.0 / rank ** 0.8
        self.people_picker = _Picker(rng, people, popularity)
        self.by_province: dict[str, _Picker] = {}
        for province in PROVINCES:
            local = [p for p in people if p.province == province]
            if local:
                self.by_province[province] = _Picker(rng, local, zipf(len(local), 0.7))
        short_ok, needs_date = registry_flags(directives)
        self.forms = [citation_forms(d, short_ok[i], needs_date[i])
                      for i, d in enumerate(directives)]
        self.issued_order = sorted(range(len(directives)),
                                   key=lambda i: directives[i].issued or date(FIRST_YEAR - 2, 1, 1))
        self.issued_days = [directives[i].issued or date(FIRST_YEAR - 2, 1, 1)
                            for i in self.issued_order]
        # recent documents are cited more: weight grows with the rank in order of issue
        self.cite_cum = list(itertools.accumulate(
            directives[i].weight * (1 + 3 * rank / len(directives))
            for rank, i in enumerate(self.issued_order)))
        self.year_picker = _Picker(rng, list(range(FIRST_YEAR, LAST_YEAR + 1)), _YEAR_WEIGHTS)
        self.slugs: dict[str, int] = {}
        self.deck: list[str] = []

    def article(self, index: int) -> Article:
        rng = self.rng
        year = self.year_picker.one()
        r = rng.random()
        precision = "year" if r < 0.02 else "month" if r < 0.07 else "minute" if r < 0.12 else "day"
        day = date(year, rng.randrange(1, 13), rng.randrange(1, 29))
        if year == LAST_YEAR and day.month > 10:
            day = day.replace(month=rng.randrange(1, 11))
        if precision == "year":
            day = date(year, 1, 1)
            date_text = date_yaml = str(year)
        elif precision == "month":
            day = day.replace(day=1)
            date_text = f"{year}-{day.month:02d}"
            date_yaml = f'"{date_text}"'
        elif precision == "minute":
            date_text = f"{day.isoformat()} {rng.choice((8, 9, 14, 15))}:{rng.choice(('00', '30'))}"
            date_yaml = date_text
        else:
            date_text = (day.isoformat() if rng.random() < 0.6
                         else f"{day.day:02d}/{day.month:02d}/{year}")
            date_yaml = date_text
        province = self.venue_picker.one()
        venue = None
        if rng.random() < 0.97:
            venue = province if rng.random() < 0.9 else rng.choice(venue_forms(province)[1:])
        country = self.country_picker.one()
        org_template = (rng.choice(ORG_PROVINCIAL) if rng.random() < 0.6
                        else rng.choice(ORG_NATIONAL))
        place_text = _province_phrase(province)
        org = org_template.format(p=province, pl=place_text)
        org2 = rng.choice(ORG_NATIONAL)
        if org2 == org:
            org2 = ORG_NATIONAL[(ORG_NATIONAL.index(org2) + 1) % len(ORG_NATIONAL)]

        # speakers: mostly local people, then anyone
        count = rng.choice((1, 1, 2, 2, 2, 3, 3, 4))
        chosen: list[Person] = []
        local = self.by_province.get(province)
        while len(chosen) < count:
            person = (local.one() if local is not None and rng.random() < 0.5
                      else self.people_picker.one())
            if person not in chosen:
                chosen.append(person)
        appearances = []
        for person in chosen:
            role = person.role_in(year)
            r = rng.random()
            name = person.alias if person.alias and r < 0.3 else person.name
            if r < 0.15:
                appearances.append(Appearance(f"{_honorific(person)} {name}", role))
            elif r < 0.2:
                appearances.append(Appearance(f"{role.split(' ')[0]} {name}", "")
                                   if role.startswith(("Chủ tịch", "Giám đốc", "Đại sứ", "Bí thư"))
                                   else Appearance(name, role))
            elif r < 0.35:
                appearances.append(Appearance(name, ""))
            else:
                appearances.append(Appearance(name, role))

        # directives issued before the event
        r = rng.random()
        cite_count = 0 if r < 0.45 else 1 if r < 0.8 else 2 if r < 0.95 else 3
        available = bisect.bisect_left(self.issued_days, day)
        cited: list[int] = []
        total = self.cite_cum[available - 1] if available else 0.0
        while len(cited) < min(cite_count, available):
            i = self.issued_order[bisect.bisect(self.cite_cum, rng.random() * total)]
            if i not in cited:
                cited.append(i)
        citations = [rng.choice(self.forms[i]) for i in cited]

        # tags
        tags: list[str] = []
        if rng.random() < 0.5:
            tags.append(country)
            if rng.random() < 0.3:
                tags.append(f"Hội hữu nghị Việt Nam - {country}")
        want = rng.choice((2, 3, 3, 4, 4, 5))
        if len(tags) < want:
            tags.extend(self.tag_picker.distinct(want - len(tags), tuple(tags)))

        slots = {
            "org": org, "org2": org2, "place": province, "place_text": place_text,
            "country": country, "event": rng.choice(EVENTS), "topic": rng.choice(TOPICS),
            "theme": rng.choice(THEMES), "project": rng.choice(PROJECT_KINDS),
            "ngo": rng.choice(NGO_NAMES), "year": str(year), "year5": str(year + 5),
            "month": str(day.month), "since": "",
            "n1": str(rng.choice((5, 10, 15, 20, 25, 30, 40, 45, 50, 55, 60, 65, 70))),
            "when": _when(rng, day, precision),
            "sp1": _speaker_text(chosen[0], chosen[0].role_in(year)),
            "sp2": _speaker_text(chosen[-1], chosen[-1].role_in(year)),
            "sp1_short": f"{_honorific(chosen[0])} {chosen[0].name}",
            "sp2_short": f"{_honorific(chosen[-1])} {chosen[-1].name}",
        }
        slots["event_cap"] = slots["event"][0].upper() + slots["event"][1:]
        slots["place_cap"] = place_text[0].upper() + place_text[1:]
        slots["since"] = str(year - int(slots["n1"]))
        title = make_title(rng, slots)
        slug = slugify(title)
        explicit = False
        if slug in self.slugs:
            self.slugs[slug] += 1
            slug = f"{slug}-{self.slugs[slug]}"
            explicit = True
            while slug in self.slugs:  # never reuses a slug that a title gave
                slug = f"{slug}-{index}"
        self.slugs.setdefault(slug, 1)
        body = self.body(slots, [(self.directives[i], self.forms[i]) for i in cited])
        summary = ""
        if rng.random() < 0.3:
            summary = (f"{org} tổ chức {slots['event']} về {slots['topic']}, "
                       f"góp phần tăng cường hữu nghị giữa nhân dân Việt Nam và {country}.")
        source = None
        if rng.random() < 0.4:
            source = (rng.choice(PUBLISHERS), f"https://tin-tuc.example.vn/{year}/{slug}.html")
        date_note = ""
        if precision in ("month", "year") and rng.random() < 0.5:
            date_note = "Ngày cụ thể không được nêu trong bản tin gốc."
        return Article(
            path=f"content/{year}/{slug}.md", slug=slug, explicit_slug=explicit, title=title,
            date_text=date_text, date_yaml=date_yaml, day=day, precision=precision, venue=venue,
            speakers=appearances, citations=citations, tags=tags, summary=summary,
            author=rng.choice(AUTHORS) if rng.random() < 0.7 else "", source=source,
            date_note=date_note, body=body)

    def _numbers(self) -> dict[str, str]:
        r = self.rng.random
        return {"n2": str(3 + int(r() * 57)), "n3": str(60 + int(r() * 440))}

    def _sentence(self, templates: list[str], slots: dict[str, str]) -> str:
        text = self.rng.choice(templates).format(**slots, **self._numbers())
        return text[0].upper() + text[1:]

    def _paragraph(self, slots: dict[str, str], k: int) -> str:
        """``k`` sentences drawn from the article's deck, so that no sentence repeats soon."""
        out = []
        numbers = self._numbers()
        for _ in range(k):
            if not self.deck:
                self.deck = list(BODY_SENTENCES)
                self.rng.shuffle(self.deck)
            text = self.deck.pop().format(**slots, **numbers)
            out.append(text[0].upper() + text[1:])
        return " ".join(out)

    def body(self, slots: dict[str, str], cited: list[tuple[Directive, list[str]]]) -> str:
        rng = self.rng
        self.deck = []
        # the paragraph added last overshoots the target by half a paragraph on average
        target = max(3300, min(4900, int(rng.gauss(BODY_MEAN - 320, BODY_SD))))
        parts = [" ".join([self._sentence(LEAD, slots), self._sentence(ATTEND, slots)])]
        size = len(parts[0])
        slots = {**slots, "sp1": slots["sp1_short"], "sp2": slots["sp2_short"]}
        closing = self._sentence(CLOSING, slots) + " " + self._sentence(CLOSING, slots)
        for record, forms in cited:  # the body names each cited document, as articles do
            cite = forms[1] if len(forms) > 1 else forms[0]
            subject = f"của {record.issuer} {record.subject}"
            parts.append(rng.choice(DIRECTIVE_SENTENCES).format(
                **slots, cite=cite, subject=subject) + " " + self._sentence(SPEECH, slots))
            size += len(parts[-1])
        headings = rng.sample(HEADINGS, 3)
        made_list = False
        made_table = rng.random() >= 0.12  # a table in about one article in eight
        section = 0
        while size + len(closing) < target:
            if section < 3 and (section == 0 or rng.random() < 0.5):
                parts.append("## " + headings[section].format(**slots))
                section += 1
            if not made_list and size > 1500:
                items = rng.sample(LIST_ITEMS, rng.randrange(3, 6))
                parts.append(self._sentence(LIST_INTRO, slots) + "\n\n"
                             + "\n".join(f"- {item.format(**slots)};" for item in items))
                made_list = True
            elif not made_table and size > 2200:
                rows = rng.sample(TABLE_ROWS, 4)
                table = ["| Lĩnh vực | Số dự án | Giá trị (triệu USD) |", "| --- | ---: | ---: |"]
                table += [f"| {row} | {rng.randrange(2, 40)} | "
                          f"{rng.randrange(1, 90)},{rng.randrange(10)} |" for row in rows]
                parts.append("Kết quả vận động viện trợ theo lĩnh vực:\n\n" + "\n".join(table))
                made_table = True
            else:
                parts.append(self._paragraph(slots, rng.randrange(3, 6)))
            size += len(parts[-1]) + 2
        parts.append(closing)
        return "\n\n".join(parts) + "\n"


def generate(n: int, seed: int = 1) -> Corpus:
    rng = FastRandom(seed)
    directives = make_directives(rng)
    people = make_people(rng)
    writer = Writer(rng, directives, people)
    articles = [writer.article(i) for i in range(n)]
    return Corpus(seed, directives, people, writer.tags, articles)


# ----------------------------------------------------------------------------- writing

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\n]*")


def yaml_str(text: str, flow: bool = False) -> str:
    """A YAML scalar: plain when that reads back as the same string, else double-quoted."""
    plain = (_PLAIN.fullmatch(text) and ": " not in text and " #" not in text
             and not text.endswith((":", " ")) and not re.fullmatch(r"[0-9.:\-/ ]+", text)
             and text.lower() not in ("true", "false", "yes", "no", "null", "on", "off", "~"))
    if plain and flow and any(c in text for c in ",[]{}"):
        plain = False
    if plain:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def article_text(a: Article) -> str:
    quoted = a.title.replace("\\", "\\\\").replace('"', '\\"')
    lines = ["---", f'title: "{quoted}"']  # titles are quoted, as `build.py new` writes them
    lines.append(f"date: {a.date_yaml}")
    if a.date_note:
        lines.append(f"date_note: {yaml_str(a.date_note)}")
    if a.explicit_slug:
        lines.append(f"slug: {a.slug}")
    if a.venue:
        lines.append(f"venue: {yaml_str(a.venue)}")
    if a.speakers:
        lines.append("speakers:")
        for sp in a.speakers:
            if sp.role:
                lines.append(f"  - name: {yaml_str(sp.written)}")
                lines.append(f"    role: {yaml_str(sp.role)}")
            else:
                lines.append(f"  - {yaml_str(sp.written)}")
    if a.citations:
        if len(a.citations) == 1 or len(", ".join(a.citations)) > 80:
            lines.append("directives:")
            lines.extend(f"  - {yaml_str(c)}" for c in a.citations)
        else:
            lines.append("directives: [" + ", ".join(yaml_str(c, True) for c in a.citations) + "]")
    lines.append("tags: [" + ", ".join(yaml_str(t, True) for t in a.tags) + "]")
    if a.summary:
        lines.append(f"summary: {yaml_str(a.summary)}")
    if a.author:
        lines.append(f"author: {yaml_str(a.author)}")
    if a.source:
        lines.append(f"source: {{publisher: {yaml_str(a.source[0], True)}, url: {a.source[1]}}}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + a.body


def directives_yaml(records: list[Directive]) -> str:
    out = ["# Documents cited by the benchmark corpus (generated by benchmarks/corpus.py).",
           "# Reference: docs/registries.md", ""]
    for r in records:
        out.append(f"- code: {r.code}")
        out.append(f"  type: {r.type}")
        out.append(f"  issuer: {yaml_str(r.issuer)}")
        if r.issued:
            out.append(f"  issued: {r.issued.isoformat()}")
        out.append(f"  subject: {yaml_str(r.subject)}")
        if r.supersedes:
            out.append(f"  supersedes: [{', '.join(r.supersedes)}]")
        if r.superseded_by:
            out.append(f"  superseded_by: [{', '.join(r.superseded_by)}]")
        out.append("")
    return "\n".join(out)


def speakers_yaml(people: list[Person]) -> str:
    out = ["# Speakers of the benchmark corpus (generated by benchmarks/corpus.py).", ""]
    for p in people:
        out.append(f"- name: {yaml_str(p.name)}")
        if p.alias:
            out.append(f"  aliases: [{yaml_str(p.alias, True)}]")
        if p.bio:
            out.append(f"  bio: {yaml_str(p.bio)}")
    return "\n".join(out) + "\n"


def venues_yaml() -> str:
    out = ["# The 63 provinces and cities (generated by benchmarks/corpus.py).", ""]
    for province in PROVINCES:
        out.append(f"- name: {yaml_str(province)}")
        aliases = ", ".join(yaml_str(a, True) for a in venue_aliases(province))
        out.append(f"  aliases: [{aliases}]")
    return "\n".join(out) + "\n"


def config_yaml() -> str:
    return (f"title: {yaml_str(SITE_TITLE)}\n"
            "description: Bộ dữ liệu tổng hợp để đo hiệu năng của trình tạo trang.\n"
            f"base_url: {BASE_URL}\nlanguage: vi\ntimezone: Asia/Ho_Chi_Minh\n"
            f"per_page: {PER_PAGE}\n")


def _write(path: Path | str, text: str) -> None:
    with open(path, "wb") as f:
        f.write(text.encode("utf-8"))


def write_site(corpus: Corpus, out: Path) -> None:
    """Write the site folder (config.yaml, content/, data/) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    _write(out / "config.yaml", config_yaml())
    (out / "data").mkdir(exist_ok=True)
    _write(out / "data" / "directives.yaml", directives_yaml(corpus.directives))
    _write(out / "data" / "speakers.yaml", speakers_yaml(corpus.people))
    _write(out / "data" / "venues.yaml", venues_yaml())
    root = str(out)
    for year in sorted({a.path.split("/")[1] for a in corpus.articles}):
        (out / "content" / year).mkdir(parents=True, exist_ok=True)
    for a in corpus.articles:
        _write(f"{root}/{a.path}", article_text(a))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="site folder to write (must be empty or absent)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true",
                        help="replace config.yaml, content/ and data/ of an existing folder")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    if args.out.exists() and any(args.out.iterdir()):
        if not args.force:
            parser.error(f"{args.out} is not empty (use --force to replace its corpus)")
        for name in ("content", "data"):
            shutil.rmtree(args.out / name, ignore_errors=True)
    started = time.perf_counter()
    corpus = generate(args.n, args.seed)
    made = time.perf_counter()
    write_site(corpus, args.out)
    done = time.perf_counter()
    chars = sum(len(a.body) for a in corpus.articles)
    print(f"Wrote {args.n} articles ({chars / args.n:.0f} body characters each on average), "
          f"{len(corpus.directives)} directives, {len(corpus.people)} speakers, "
          f"{len(corpus.tags)} tags into {args.out} (seed {args.seed}): "
          f"{made - started:.2f} s generating, {done - made:.2f} s writing.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
