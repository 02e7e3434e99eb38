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
# How each kind of shopper buys (see behaviour.py): share of customers, range of
# the customer's own mean days between purchases, regularity (shape of the gamma
# gaps: 1 is Poisson, higher is steadier), chance to stop after each purchase,
# growth of the gaps after each purchase (lapsing: they thin out) and at most how
# many purchases, mean lines per order, share of discounted lines; optionally the
# share of the period in which they joined (from its start), the chance of an
# extra purchase for Tết, 11.11 and 12.12 while they shop here, the chance that
# a purchase due just before 11.11 or 12.12 waits for the sale, the share of
# cancelled orders, the chance that a customer who stops leaves after a last
# order that went wrong (cancelled; default 0.4) and the channels they came from.
BEHAVIOURS = {
    "loyal": {
        "share": 0.18,
        "gap_days": (18, 60),
        "regularity": 3.0,
        "dropout": 0.03,
        "lines": 2.2,
        "discount_share": 0.05,
        "joined_within": 0.5,
        "sale_extra": 0.35,
        "cancel": 0.03,
        "channels": {
            "store": 40,
            "web": 35,
            "phone": 15,
            "marketplace": 5,
            "facebook": 5,
        },
    },
    "regular": {
        "share": 0.32,
        "gap_days": (40, 120),
        "regularity": 1.0,
        "dropout": 0.03,
        "lines": 2.0,
        "discount_share": 0.05,
        "sale_extra": 0.3,
    },
    "lapsing": {
        "share": 0.12,
        "gap_days": (15, 45),
        "regularity": 1.0,
        "dropout": 0.25,
        "growth": 1.15,
        "purchases": (3, 12),
        "lines": 2.0,
        "discount_share": 0.05,
        "joined_within": 0.8,
        "cancel": 0.15,
    },
    "one_off": {
        "share": 0.15,
        "gap_days": (1, 1),
        "regularity": 1.0,
        "dropout": 1.0,
        "lines": 1.8,
        "discount_share": 0.02,
        "channels": {
            "marketplace": 35,
            "facebook": 25,
            "web": 25,
            "store": 10,
            "api": 5,
        },
    },
    "seasonal": {
        "share": 0.13,
        "gap_days": (1, 1),
        "regularity": 1.0,
        "dropout": 0.08,
        "lines": 2.4,
        "discount_share": 0.4,
    },
    "bargain": {
        "share": 0.10,
        "gap_days": (40, 120),
        "regularity": 1.0,
        "dropout": 0.03,
        "lines": 1.5,
        "discount_share": 0.9,
        "sale_pull": 0.8,
        "sale_extra": 0.6,
        "cancel": 0.08,
    },
}
# Leaf categories bought together (both ways): who buys X comes back for its
# complements.
_PAIRS = [
    ("Áo", "Quần"),
    ("Váy đầm", "Giày dép"),
    ("Áo", "Giày dép"),
    ("Chăm sóc da", "Trang điểm"),
    ("Trang điểm", "Nước hoa"),
    ("Sữa", "Tã - bỉm"),
    ("Tã - bỉm", "Đồ chơi"),
    ("Cà phê - trà", "Bánh kẹo"),
    ("Đồ khô", "Bánh kẹo"),
    ("Nồi chảo", "Đồ bếp điện"),
    ("Bình - ly", "Dụng cụ"),
    ("Nồi chảo", "Dụng cụ"),
    ("Âm thanh", "Quạt - điều hòa"),
    ("Sách", "Bút - sổ"),
    ("Dụng cụ tập", "Trang phục thể thao"),
]
COMPLEMENTS = {}
for _a, _b in _PAIRS:
    COMPLEMENTS.setdefault(_a, []).append(_b)
    COMPLEMENTS.setdefault(_b, []).append(_a)


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


# What generated complaints are about.
COMPLAINT_SUBJECTS = [
    "Giao hàng trễ",
    "Sản phẩm lỗi",
    "Sai màu sản phẩm",
    "Chưa nhận được hoàn tiền",
    "Nhân viên thiếu nhiệt tình",
]
