# Pure-Python maths of the analytics (no Odoo import): tests drive it directly.
