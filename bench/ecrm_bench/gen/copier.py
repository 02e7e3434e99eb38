"""COPY rows by cloning a template record that the ORM created."""

import csv
import datetime as dt
import io
import json
import logging

from odoo.tools import SQL

_logger = logging.getLogger("bench.generate")


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
