"""Products in categories, with suppliers."""

import logging

from .behaviour import Catalogue
from .data import (
    CATEGORIES,
)

_logger = logging.getLogger("bench.generate")


class ProductsMixin:
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
        # what customers pick from: products by leaf category, Zipf-like
        # popularity within each, the complementary leaves
        by_leaf = [[] for _leaf in leaves]
        for i, product in enumerate(products, 1):
            by_leaf[i % len(leaves)].append(product.id)
        self.catalogue = Catalogue([leaf.name for leaf in leaves], by_leaf)
        self.stats["products"] = n_products
        self.stats["suppliers"] = len(suppliers)
