"""Customers and their phones, written every way people write them."""

import datetime as dt
import logging

from .behaviour import first_order_day, origin_channel
from .copier import Copier, reserve_ids
from .data import (
    BEHAVIOURS,
    DOMAINS,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    PROVINCES,
    SURNAMES,
    ascii_fold,
    written,
)

_logger = logging.getLogger("bench.generate")


class CustomersMixin:
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
        shares = [BEHAVIOURS[b]["share"] for b in behaviours]
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
            channel = origin_channel(rng, behaviour)
            # their first order: the profile is created then
            first_seen = first_order_day(rng, behaviour, self.start, self.today)
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
