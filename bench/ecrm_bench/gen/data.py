"""Names, places, channels, phone prefixes and behaviours of the generated retailer."""

import logging
import unicodedata

_logger = logging.getLogger("bench.generate")


SURNAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 4),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
]
MALE_MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thành", "Công", "Xuân", "Gia"]
FEMALE_MIDDLE = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Phương", "Bảo"]
MALE_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hoàng",
]
FEMALE_GIVEN = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Trang",
    "Uyên",
    "Yến",
]
PROVINCES = [  # (state code, city, weight)
    ("VN-SG", "TP. Hồ Chí Minh", 30),
    ("VN-HN", "Hà Nội", 26),
    ("VN-DN", "Đà Nẵng", 6),
    ("VN-HP", "Hải Phòng", 5),
    ("VN-CT", "Cần Thơ", 4),
    ("VN-57", "Thủ Dầu Một", 5),
    ("VN-39", "Biên Hòa", 5),
    ("VN-34", "Nha Trang", 3),
    ("VN-21", "Thanh Hóa", 3),
    ("VN-22", "Vinh", 3),
    ("VN-44", "Long Xuyên", 2),
    ("VN-54", "Bắc Giang", 2),
    ("VN-56", "Bắc Ninh", 3),
    ("VN-66", "Thái Nguyên", 3),
]
CHANNELS = [
    ("web", 38),
    ("store", 30),
    ("phone", 12),
    ("marketplace", 12),
    ("facebook", 6),
    ("api", 2),
]
PREFIXES = [
    "90",
    "91",
    "93",
    "94",
    "96",
    "97",
    "98",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "39",
    "70",
    "76",
    "77",
    "78",
    "79",
    "81",
    "82",
    "83",
    "84",
    "85",
    "86",
    "88",
]
DOMAINS = [
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com.vn",
    "outlook.com",
    "fpt.vn",
    "vnn.vn",
    "icloud.com",
]
CATEGORIES = {
    "Thời trang": ["Áo", "Quần", "Váy đầm", "Giày dép"],
    "Điện máy": ["Đồ bếp điện", "Âm thanh", "Quạt - điều hòa"],
    "Mỹ phẩm": ["Chăm sóc da", "Trang điểm", "Nước hoa"],
    "Thực phẩm": ["Cà phê - trà", "Đồ khô", "Bánh kẹo"],
    "Gia dụng": ["Nồi chảo", "Bình - ly", "Dụng cụ"],
    "Mẹ và bé": ["Sữa", "Tã - bỉm", "Đồ chơi"],
    "Sách - văn phòng phẩm": ["Sách", "Bút - sổ"],
    "Thể thao": ["Dụng cụ tập", "Trang phục thể thao"],
}
# behaviour: (share, mean orders over the period, lines per order, discount share)
BEHAVIOURS = {
    "loyal": (0.18, 14.0, 2.2, 0.05),
    "regular": (0.30, 5.0, 2.0, 0.05),
    "lapsing": (0.15, 6.0, 2.0, 0.05),
    "one_off": (0.27, 1.0, 1.8, 0.02),
    "bargain": (0.10, 6.0, 1.5, 0.9),
}


def ascii_fold(text):
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )


def written(national, style):
    """The same number written the ways Vietnamese customers write it."""
    a, b, c = national[:3], national[3:6], national[6:]
    return [
        f"0{a} {b} {c}",
        f"+84{national}",
        f"84-{a}-{b}-{c}",
        f"0{a}.{b}.{c}",
        f"(+84) {a} {b} {c}",
        f"0{national}",
        f"+84 {national[:2]} {national[2:5]} {national[5:]}",
        f"84{national}",
    ][style % 8]
