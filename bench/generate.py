"""Fill an eCRM database with a believable Vietnamese retailer at scale.

Customers, their phones (written every way people write them), products in
categories with suppliers, about ten order lines per customer over three years with
Tết seasonality, behaviour types that analytics should find (loyal, regular,
lapsing, one-off, bargain hunters), planted co-purchase pairs, complaints and
interactions. The ground truth is kept in the tables ``bench_ground_truth`` and
``bench_planted_pairs``.

Rows are loaded with COPY by cloning a template record that the ORM itself created,
so every NOT NULL column, default and foreign key is one the ORM would have written;
the stored figures that depend on them are then recomputed by the addons' own SQL
refresh methods. Called by ``bench/generate`` (which finds Odoo's Python).
"""

import argparse
import csv
import datetime as dt
import io
import json
import logging
import os
import random
import sys
import time
import unicodedata

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

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


class Copier:
    """COPY rows into a table by cloning a template row written by the ORM."""

    def __init__(self, cr, table, template_id, overrides_columns):
        self.cr = cr
        self.table = table
        cr.execute(
            SQL("SELECT * FROM %s WHERE id = %s", SQL.identifier(table), template_id)
        )
        row = cr.dictfetchone()
        self.columns = list(row)
        self.template = row
        self.overrides = overrides_columns
        self.fixed = [
            self._fmt(row[col]) if col not in overrides_columns else None
            for col in self.columns
        ]
        self.index = {col: i for i, col in enumerate(self.columns)}

    @staticmethod
    def _fmt(value):
        if value is None:
            return None
        if isinstance(value, bool):
            return "t" if value else "f"
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return value

    def copy(self, rows):
        """rows: iterable of dicts holding every column of ``overrides_columns``."""
        buf = io.StringIO()
        writer = csv.writer(buf)
        for values in rows:
            line = list(self.fixed)
            for col, value in values.items():
                line[self.index[col]] = self._fmt(value)
            writer.writerow(line)
        buf.seek(0)
        cols = ", ".join(f'"{c}"' for c in self.columns)
        self.cr._obj.copy_expert(
            f"COPY {self.table} ({cols}) FROM STDIN WITH (FORMAT csv)", buf
        )


def reserve_ids(cr, table, count):
    seq = f"{table}_id_seq"
    cr.execute(SQL("SELECT nextval(%s)", seq))
    start = cr.fetchone()[0]
    cr.execute(SQL("SELECT setval(%s, %s)", seq, start + count))
    return range(start + 1, start + count + 1)


def table_exists(cr, table):
    cr.execute("SELECT to_regclass(%s)", [table])
    return cr.fetchone()[0] is not None


class Generator:
    def __init__(self, env, args):
        self.env = env
        self.cr = env.cr
        self.args = args
        self.rng = random.Random(args.seed)
        self.today = dt.datetime.combine(dt.date.today(), dt.time(0))
        self.start = self.today - dt.timedelta(days=365 * args.years)
        self.stats = {}
        self.vn = env.ref("base.vn")
        self.company = env.company
        self.states = {
            code: env.ref(f"base.state_vn_{code}").id for code, _c, _w in PROVINCES
        }
        self.used_numbers = set()

    # -- helpers ---------------------------------------------------------------
    def log(self, msg, **stats):
        self.stats.update(stats)
        _logger.info(msg)
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)

    def new_number(self):
        rng = self.rng
        while True:
            national = rng.choice(PREFIXES) + f"{rng.randrange(10**7):07d}"
            if national not in self.used_numbers:
                self.used_numbers.add(national)
                return national

    def order_day(self, lo, hi):
        """A day in [lo, hi) with Tết (Jan-Feb) and 11.11/12.12 peaks."""
        rng = self.rng
        span = (hi - lo).days
        while True:
            day = lo + dt.timedelta(
                days=rng.randrange(max(span, 1)),
                seconds=rng.randrange(8 * 3600, 22 * 3600),
            )
            weight = 1.0
            if day.month == 1 or (day.month == 2 and day.day <= 15):
                weight = 2.5
            elif (day.month, day.day) in ((11, 11), (12, 12)):
                weight = 4.0
            if rng.random() * 4.0 < weight:
                return day

    # -- steps -------------------------------------------------------------------
    def products(self):
        env = self.env
        n_products = self.args.products
        self.log(f"Creating {n_products} products in {len(CATEGORIES)} categories")
        suppliers = env["res.partner"].create(
            [
                {
                    "name": f"Công ty TNHH Cung ứng {i:03d}",
                    "is_company": True,
                    "supplier_rank": 1,
                    "country_id": self.vn.id,
                    "email": f"ncc{i:03d}@bench.example.vn",
                }
                for i in range(1, self.args.suppliers + 1)
            ]
        )
        leaves = []
        root = env.ref("product.product_category_all")
        for parent, children in CATEGORIES.items():
            parent_cat = env["product.category"].create(
                {"name": parent, "parent_id": root.id}
            )
            for child in children:
                leaves.append(
                    env["product.category"].create(
                        {"name": child, "parent_id": parent_cat.id}
                    )
                )
        vals = []
        for i in range(1, n_products + 1):
            categ = leaves[i % len(leaves)]
            price = (
                self.rng.choice(
                    [35, 59, 89, 129, 159, 199, 249, 329, 459, 690, 890, 1290, 2490]
                )
                * 1000
            )
            vals.append(
                {
                    "name": f"{categ.name} mẫu {i:04d}",
                    "default_code": f"BSKU-{i:05d}",
                    "list_price": price,
                    "standard_price": round(price * self.rng.uniform(0.55, 0.8), -2),
                    "type": "consu",
                    "categ_id": categ.id,
                    "sale_ok": True,
                    "seller_ids": [
                        (
                            0,
                            0,
                            {
                                "partner_id": suppliers[i % len(suppliers)].id,
                                "price": round(price * 0.6, -2),
                            },
                        )
                    ],
                }
            )
        products = (
            env["product.product"].with_context(tracking_disable=True).create(vals)
        )
        self.products_list = [
            (p.id, p.lst_price, p.standard_price, p.display_name) for p in products
        ]
        # planted co-purchase pairs: product i is often bought with product i+1
        self.pairs = {
            self.products_list[i][0]: self.products_list[i + 1][0]
            for i in range(0, min(len(self.products_list) - 1, 200), 2)
        }
        self.cr.execute(
            "CREATE TABLE IF NOT EXISTS bench_planted_pairs "
            "(product_a int, product_b int)"
        )
        self.cr.execute(
            "INSERT INTO bench_planted_pairs "
            "SELECT * FROM unnest(%s::int[], %s::int[])",
            [list(self.pairs), list(self.pairs.values())],
        )
        # popularity: a Zipf-like weight so some products sell much more
        self.product_weights = [
            1.0 / (1 + i) ** 0.8 for i in range(len(self.products_list))
        ]
        self.stats["products"] = n_products
        self.stats["suppliers"] = len(suppliers)

    def customers(self):
        env, cr, rng, n = self.env, self.cr, self.rng, self.args.customers
        self.log(f"Loading {n} customers")
        template = env["res.partner"].create(
            {
                "name": "bench template",
                "customer_rank": 1,
                "country_id": self.vn.id,
                "lang": "vi_VN" if env["res.lang"]._lang_get("vi_VN") else "en_US",
            }
        )
        over = {
            "id",
            "name",
            "complete_name",
            "commercial_partner_id",
            "phone",
            "mobile",
            "email",
            "email_normalized",
            "phone_sanitized",
            "state_id",
            "city",
            "street",
            "create_date",
            "write_date",
            "ecrm_origin_channel",
            "ecrm_gender",
            "ecrm_birthday",
            "ecrm_consent_email",
            "ecrm_consent_sms",
        }
        copier = Copier(cr, "res_partner", template.id, over)
        ids = reserve_ids(cr, "res_partner", n)
        self.customer_ids = list(ids)
        behaviours = list(BEHAVIOURS)
        shares = [BEHAVIOURS[b][0] for b in behaviours]
        truth, phones, rows = [], [], []
        self.customer_info = {}
        phone_count = 0
        for k, pid in enumerate(ids):
            male = rng.random() < 0.45
            surname = rng.choices([s for s, _w in SURNAMES], [w for _s, w in SURNAMES])[
                0
            ]
            name = " ".join(
                [
                    surname,
                    rng.choice(MALE_MIDDLE if male else FEMALE_MIDDLE),
                    rng.choice(MALE_GIVEN if male else FEMALE_GIVEN),
                ]
            )
            code, city, _w = rng.choices(PROVINCES, [p[2] for p in PROVINCES])[0]
            channel = rng.choices([c for c, _w in CHANNELS], [w for _c, w in CHANNELS])[
                0
            ]
            numbers = [
                self.new_number()
                for _i in range(rng.choices([1, 2, 3], [0.5, 0.3, 0.2])[0])
            ]
            phone_count += len(numbers)
            phone = written(numbers[0], k)
            mobile = written(numbers[1], k + 3) if len(numbers) > 1 else None
            e164 = "+84" + (numbers[1] if len(numbers) > 1 else numbers[0])
            email = None
            if rng.random() < 0.8:
                parts = ascii_fold(name).lower().split()
                initials = "".join(p[0] for p in parts[:-1])
                email = f"{parts[-1]}.{initials}{pid}@{rng.choice(DOMAINS)}"
            behaviour = rng.choices(behaviours, shares)[0]
            first_seen = self.start + dt.timedelta(
                days=rng.randrange(int(365 * self.args.years * 0.8))
            )
            if behaviour == "lapsing":
                first_seen = self.start + dt.timedelta(days=rng.randrange(200))
            birthday = dt.date(
                rng.randint(1965, 2006), rng.randint(1, 12), rng.randint(1, 28)
            )
            rows.append(
                {
                    "id": pid,
                    "name": name,
                    "complete_name": name,
                    "commercial_partner_id": pid,
                    "phone": phone,
                    "mobile": mobile,
                    "email": email,
                    "email_normalized": email.lower() if email else None,
                    "phone_sanitized": e164,
                    "state_id": self.states[code],
                    "city": city,
                    "street": f"{rng.randint(1, 400)} đường số {rng.randint(1, 60)}",
                    "create_date": first_seen,
                    "write_date": first_seen,
                    "ecrm_origin_channel": channel,
                    "ecrm_gender": "male" if male else "female",
                    "ecrm_birthday": birthday,
                    "ecrm_consent_email": bool(email) and rng.random() < 0.7,
                    "ecrm_consent_sms": rng.random() < 0.5,
                }
            )
            truth.append((pid, behaviour))
            self.customer_info[pid] = (behaviour, first_seen, channel)
            phones.append((pid, "phone", phone, "+84" + numbers[0]))
            if mobile:
                phones.append((pid, "mobile", mobile, "+84" + numbers[1]))
            for j, national in enumerate(numbers[2:], 2):
                phones.append(
                    (pid, "extra", written(national, k + j), "+84" + national)
                )
            if len(rows) >= 10000:
                copier.copy(rows)
                rows = []
        copier.copy(rows)
        template.unlink()
        cr.execute(
            "CREATE TABLE IF NOT EXISTS bench_ground_truth "
            "(partner_id int PRIMARY KEY, behaviour varchar)"
        )
        cr.execute(
            "INSERT INTO bench_ground_truth "
            "SELECT * FROM unnest(%s::int[], %s::varchar[])",
            [[t[0] for t in truth], [t[1] for t in truth]],
        )
        self.phones = phones
        self.stats.update(customers=n, phones=phone_count)
        self._load_phones()

    def _load_phones(self):
        """Every number of a customer has a row in ecrm.partner.phone (the lookup
        index): phone and mobile mirrored from the contact, and the extra ones."""
        env = self.env
        if "ecrm.partner.phone" not in env or not self.phones:
            return
        model = env["ecrm.partner.phone"]
        self.log(f"Loading {len(self.phones)} phone numbers into the lookup table")
        pid, _kind, number, _e164 = self.phones[0]
        template = model.create({"partner_id": pid, "number": number, "label": "bench"})
        over = {"id", "partner_id", "kind", "number", "number_e164", "label"}
        copier = Copier(self.cr, model._table, template.id, over)
        template.unlink()
        ids = reserve_ids(self.cr, model._table, len(self.phones))
        copier.copy(
            {
                "id": i,
                "partner_id": p,
                "kind": kind,
                "number": w,
                "number_e164": e,
                "label": "Số phụ" if kind == "extra" else None,
            }
            for i, (p, kind, w, e) in zip(ids, self.phones, strict=True)
        )

    def orders(self):
        env, cr, rng = self.env, self.cr, self.rng
        target_lines = self.args.lines
        self.log(f"Loading about {target_lines} order lines")
        customer = env["res.partner"].browse(self.customer_ids[0])
        product = env["product.product"].browse(self.products_list[0][0])
        template = (
            env["sale.order"]
            .with_context(tracking_disable=True)
            .create(
                {
                    "partner_id": customer.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                    ],
                }
            )
        )
        so_over = {
            "id",
            "name",
            "partner_id",
            "partner_invoice_id",
            "partner_shipping_id",
            "date_order",
            "create_date",
            "write_date",
            "state",
            "amount_untaxed",
            "amount_tax",
            "amount_total",
            "ecrm_sales_channel",
            "access_token",
            "origin",
            "client_order_ref",
        }
        so_copy = Copier(cr, "sale_order", template.id, so_over)
        line = template.order_line[0]
        sol_over = {
            "id",
            "order_id",
            "product_id",
            "name",
            "product_uom_qty",
            "price_unit",
            "price_subtotal",
            "price_total",
            "price_tax",
            "discount",
            "order_partner_id",
            "create_date",
            "write_date",
            "state",
            "sequence",
            "qty_delivered",
            "price_reduce_taxexcl",
            "price_reduce_taxinc",
            "qty_invoiced",
            "qty_to_invoice",
            "untaxed_amount_to_invoice",
            "untaxed_amount_invoiced",
            "purchase_price",
        }
        sol_copy = Copier(
            cr,
            "sale_order_line",
            line.id,
            {c for c in sol_over if c in self._columns("sale_order_line")},
        )
        so_copy.overrides = {c for c in so_over if c in so_copy.index}
        template_id = template.id
        # scale the behaviours' order counts to the requested number of lines
        mean_lines = sum(b[0] * b[1] * b[2] for b in BEHAVIOURS.values())
        # 0.76: the rounding of the draws and the planted pairs add lines
        scale = 0.76 * target_lines / (mean_lines * len(self.customer_ids))
        pids = [p[0] for p in self.products_list]
        orders, lines, n_orders, n_lines, n_cancel = [], [], 0, 0, 0
        so_ids = iter(reserve_ids(cr, "sale_order", int(target_lines * 0.9) + 1000))
        sol_ids = iter(
            reserve_ids(cr, "sale_order_line", int(target_lines * 1.4) + 1000)
        )
        prices = {p[0]: (p[1], p[2], p[3]) for p in self.products_list}
        for pid in self.customer_ids:
            behaviour, first_seen, channel = self.customer_info[pid]
            _share, mean_orders, lines_per_order, discount_share = BEHAVIOURS[behaviour]
            count = (
                1
                if behaviour == "one_off"
                else max(1, int(rng.expovariate(1 / (mean_orders * scale)) + 0.5))
            )
            hi = self.today
            if behaviour == "lapsing":
                hi = min(
                    self.today - dt.timedelta(days=200),
                    first_seen + dt.timedelta(days=500),
                )
            days = sorted(self.order_day(first_seen, hi) for _i in range(count))
            for day in days:
                oid = next(so_ids)
                n_orders += 1
                state = "sale"
                r = rng.random()
                if r < 0.06:
                    state = "cancel"
                    n_cancel += 1
                elif r < 0.07 and (self.today - day).days < 10:
                    state = "draft"
                n = max(1, int(rng.expovariate(1 / lines_per_order) + 0.5))
                chosen = rng.choices(pids, self.product_weights, k=n)
                if chosen[0] in self.pairs and rng.random() < 0.6:
                    chosen.append(self.pairs[chosen[0]])
                total = 0.0
                for seq, prod in enumerate(chosen, 1):
                    price, _cost, label = prices[prod]
                    qty = rng.choice([1, 1, 1, 2, 2, 3])
                    disc = (
                        rng.choice([10, 15, 20, 30])
                        if rng.random() < discount_share
                        else 0
                    )
                    subtotal = round(qty * price * (1 - disc / 100.0))
                    total += subtotal
                    lines.append(
                        {
                            "id": next(sol_ids),
                            "order_id": oid,
                            "product_id": prod,
                            "name": label,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "price_subtotal": subtotal,
                            "price_total": subtotal,
                            "price_tax": 0,
                            "discount": disc,
                            "order_partner_id": pid,
                            "create_date": day,
                            "write_date": day,
                            "state": state,
                            "sequence": seq,
                            "qty_delivered": qty if state == "sale" else 0,
                            "price_reduce_taxexcl": subtotal / qty,
                            "price_reduce_taxinc": subtotal / qty,
                            "qty_invoiced": 0,
                            "qty_to_invoice": 0,
                            "untaxed_amount_to_invoice": 0,
                            "untaxed_amount_invoiced": 0,
                            "purchase_price": _cost,
                        }
                    )
                    n_lines += 1
                orders.append(
                    {
                        "id": oid,
                        "name": f"B{oid:08d}",
                        "partner_id": pid,
                        "partner_invoice_id": pid,
                        "partner_shipping_id": pid,
                        "date_order": day,
                        "create_date": day,
                        "write_date": day,
                        "state": state,
                        "amount_untaxed": total,
                        "amount_tax": 0,
                        "amount_total": total,
                        "ecrm_sales_channel": channel
                        if rng.random() < 0.75
                        else rng.choice([c for c, _w in CHANNELS]),
                        "access_token": None,
                        "origin": "bench",
                        "client_order_ref": None,
                    }
                )
            if len(lines) >= 50000:
                self._flush(so_copy, sol_copy, orders, lines)
                orders, lines = [], []
                self.log(f"  {n_orders} orders, {n_lines} lines")
        self._flush(so_copy, sol_copy, orders, lines)
        env["sale.order"].browse(template_id).unlink()
        self.stats.update(
            orders=n_orders, order_lines=n_lines, cancelled_orders=n_cancel
        )

    def _columns(self, table):
        self.cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [table],
        )
        return {r[0] for r in self.cr.fetchall()}

    @staticmethod
    def _flush(so_copy, sol_copy, orders, lines):
        so_copy.copy({k: v for k, v in o.items() if k in so_copy.index} for o in orders)
        sol_copy.copy(
            {k: v for k, v in ln.items() if k in sol_copy.index} for ln in lines
        )

    def complaints_and_interactions(self):
        env, cr, rng = self.env, self.cr, self.rng
        n = len(self.customer_ids)
        if "ecrm.interaction" in env:
            count = n // 2
            self.log(f"Loading {count} interactions")
            fields_ = env["ecrm.interaction"]._fields
            template = env["ecrm.interaction"].create(
                {
                    "partner_id": self.customer_ids[0],
                    "channel": "call",
                    "summary": "bench",
                    **({"direction": "outbound"} if "direction" in fields_ else {}),
                }
            )
            over = {
                c
                for c in (
                    "id",
                    "partner_id",
                    "channel",
                    "summary",
                    "date",
                    "create_date",
                )
                if c in fields_ or c == "id"
            }
            copier = Copier(cr, "ecrm_interaction", template.id, over)
            template.unlink()
            ids = reserve_ids(cr, "ecrm_interaction", count)
            channels = (
                [c for c, _l in fields_["channel"].selection]
                if isinstance(fields_["channel"].selection, list)
                else ["call"]
            )
            summaries = [
                "Gọi xác nhận đơn hàng",
                "Khách hỏi tình trạng giao hàng",
                "Tư vấn sản phẩm",
                "Khách phản hồi qua Facebook",
            ]
            rows = []
            for i in ids:
                when = self.order_day(self.start, self.today)
                row = {
                    "id": i,
                    "partner_id": rng.choice(self.customer_ids),
                    "channel": rng.choice(channels),
                    "summary": rng.choice(summaries),
                    "date": when,
                    "create_date": when,
                }
                rows.append({k: v for k, v in row.items() if k in over})
            copier.copy(rows)
            self.stats["interactions"] = count
        if "helpdesk.ticket" in env:
            count = max(10, n // 40)
            self.log(f"Loading {count} complaints")
            template = env["helpdesk.ticket"].create(
                {
                    "name": "bench",
                    "description": "bench",
                    "partner_id": self.customer_ids[0],
                    # Open complaints sit in the first open stage, as the
                    # kanban expects (no default stage without a team).
                    "stage_id": env["helpdesk.ticket.stage"]
                    .search([("closed", "=", False)], order="sequence, id", limit=1)
                    .id,
                }
            )
            over = {
                "id",
                "name",
                "description",
                "partner_id",
                "create_date",
                "number",
                "ecrm_received_date",
            }
            cols = self._columns("helpdesk_ticket")
            over = {c for c in over if c in cols}
            copier = Copier(cr, "helpdesk_ticket", template.id, over)
            template.unlink()
            ids = reserve_ids(cr, "helpdesk_ticket", count)
            subjects = [
                "Giao hàng trễ",
                "Sản phẩm lỗi",
                "Sai màu sản phẩm",
                "Chưa nhận được hoàn tiền",
                "Nhân viên thiếu nhiệt tình",
            ]
            rows = []
            for i in ids:
                when = self.order_day(self.start, self.today)
                subject = rng.choice(subjects)
                row = {
                    "id": i,
                    "name": subject,
                    "description": f"<p>{subject}</p>",
                    "partner_id": rng.choice(self.customer_ids),
                    "create_date": when,
                    "number": f"BHT{i:07d}",
                    "ecrm_received_date": when,
                }
                rows.append({k: v for k, v in row.items() if k in over})
            copier.copy(rows)
            # The copies carry the template's customer-derived columns: recompute
            # the stored fields that follow the customer and the reception date
            # (a few thousand complaints, through the ORM's own computes).
            tickets = env["helpdesk.ticket"].browse(ids)
            env.invalidate_all()
            for name in ("commercial_partner_id", "ecrm_deadline"):
                if name in tickets._fields:
                    env.add_to_compute(tickets._fields[name], tickets)
            tickets.flush_recordset()
            cr.execute(
                """UPDATE helpdesk_ticket t
                      SET partner_name = p.name, partner_email = p.email
                     FROM res_partner p
                    WHERE p.id = t.partner_id AND t.id = ANY(%s)""",
                [list(ids)],
            )
            self.stats["complaints"] = count

    def recompute(self):
        env = self.env
        self.env.invalidate_all()
        partner = env["res.partner"]
        if hasattr(partner, "_ecrm_refresh_figures"):
            self.log("Refreshing the customers' 360 figures (the addon's own SQL)")
            partner._ecrm_refresh_figures()
        self.log("ANALYZE")
        self.cr.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "ecrm_bench"))
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument(
        "--lines", type=int, default=None, help="order lines (default: 10 per customer)"
    )
    parser.add_argument(
        "--products",
        type=int,
        default=None,
        help="default: customers / 50, 200 to 3000",
    )
    parser.add_argument("--suppliers", type=int, default=40)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()
    args.lines = args.lines or args.customers * 10
    args.products = args.products or max(200, min(3000, args.customers // 50))
    odoo.tools.config.parse_config(
        [
            "-d",
            args.db,
            "--addons-path",
            os.environ["ECRM_ADDONS_PATH"],
            "--log-level=warn",
        ]
    )
    t0 = time.time()
    with Registry(args.db).cursor() as cr:
        env = api.Environment(
            cr,
            SUPERUSER_ID,
            {
                "tracking_disable": True,
                "mail_create_nolog": True,
                "mail_notrack": True,
                "mail_auto_subscribe_no_notify": True,
            },
        )
        if table_exists(cr, "bench_ground_truth"):
            sys.exit(
                f"{args.db} already holds generated data; drop it or use another --db."
            )
        gen = Generator(env, args)
        for step in (
            gen.products,
            gen.customers,
            gen.orders,
            gen.complaints_and_interactions,
            gen.recompute,
        ):
            t = time.time()
            step()
            gen.stats[f"seconds_{step.__name__}"] = round(time.time() - t, 1)
        gen.stats["seconds_total"] = round(time.time() - t0, 1)
        gen.stats["ground_truth"] = "tables bench_ground_truth, bench_planted_pairs"
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, f"{args.db}-generate.json"), "w") as f:
        json.dump(gen.stats, f, indent=2, default=str)
    print(json.dumps(gen.stats, indent=2, default=str))


if __name__ == "__main__":
    main()
