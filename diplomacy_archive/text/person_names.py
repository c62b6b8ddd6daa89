"""The words around Vietnamese personal names: words of address, role words and family names.

Entity resolution drops them from names written in articles; the importer uses them to find
where a name starts in a sentence."""

from __future__ import annotations

import re

from diplomacy_archive.text.vietnamese import name_key

# Words of address written before a name; they are never part of it.
HONORIFICS = re.compile(
    r"^(?:(?:ông|bà|anh|chị|cô|chú|bác|ngài|đồng chí|đ/c|quý ông|quý bà|"
    r"gs|pgs|ts|ths|bs|ks|ls|nsnd|nsưt|ngnd|ngưt)\.?\s+|(?:gs|pgs)\.\s*ts\.?\s+)+",
    re.IGNORECASE)
# The start of a role written in front of a name: "Chủ tịch Nguyễn Phương Nga".
TITLE_WORDS = (
    "nguyên", "chủ tịch", "phó chủ tịch", "tổng bí thư", "bí thư", "phó bí thư", "thủ tướng",
    "phó thủ tướng", "bộ trưởng", "thứ trưởng", "trưởng ban", "phó trưởng ban", "tổng thư ký",
    "đại sứ", "tổng lãnh sự", "lãnh sự", "giám đốc", "phó giám đốc", "tổng giám đốc",
    "viện trưởng", "vụ trưởng", "phó vụ trưởng", "cục trưởng", "hiệu trưởng", "ủy viên",
    "thường trực", "trưởng đoàn", "chánh văn phòng", "đại biểu", "trưởng phòng",
    "phó trưởng phòng", "chủ nhiệm", "phó chủ nhiệm",
    # degrees, callings and posts abroad written before a name: "Giáo sư Anna K. Petrova",
    # "Nghệ sĩ Carlos J. Rivera", "Thị trưởng Hamada Akiko"
    "giáo sư", "phó giáo sư", "tiến sĩ", "thạc sĩ", "bác sĩ", "kỹ sư", "luật sư", "nhà giáo",
    "nghệ sĩ", "nghệ nhân", "họa sĩ", "nhạc sĩ", "ca sĩ", "nhà văn", "nhà thơ", "nhà báo",
    "nhà nghiên cứu", "nhà sử học", "chuyên gia", "tổng biên tập", "phó tổng biên tập",
    "trưởng khoa", "phó hiệu trưởng", "phó viện trưởng", "tham tán", "tùy viên", "phó đại sứ",
    "thị trưởng", "phó thị trưởng", "thống đốc", "phó thống đốc", "tỉnh trưởng",
    "phó tỉnh trưởng", "nghị sĩ", "thượng nghị sĩ", "hạ nghị sĩ", "tổng thống",
    "phó tổng thống", "chủ tịch nước", "phó chủ tịch nước", "trưởng đại diện",
    "hòa thượng", "thượng tọa", "đại đức", "linh mục", "mục sư",
)
# Vietnamese family names, to find where a name starts after a role.
FAMILY_NAMES = frozenset(name_key(n) for n in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Cao", "Hà", "Trịnh", "Đinh", "Lương", "Mai", "Lâm", "Tô",
    "Trương", "Bạch", "Quách", "Đào", "Đoàn", "Vương", "Thái", "Tạ", "Lưu", "Châu", "Kiều", "Chu",
    "Giang", "Nông", "Lò", "Triệu", "Hứa", "Mạc", "Tăng", "Thân", "Khúc", "Doãn", "Phùng", "Hàn",
    "Lã", "La", "Tôn", "Từ", "Quan", "Kim", "Mã", "Đàm", "Hầu", "Diệp", "Ông", "Âu", "Lại",
    "Tống", "Văn", "Nghiêm", "Ninh", "Thạch", "Trình", "Vi", "Lục", "Kha", "Giáp", "Đồng", "Phí",
    "Bế", "Hoàng",
))
