# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestHelpdeskVietnamese(TransactionCase):
    """helpdesk_mgmt ships no vi.po: ecrm_service's i18n_extra/vi_VN.po
    translates its stages, field labels, selections, menus and portal pages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get("vi_VN"):
            cls.env["res.lang"]._activate_lang("vi_VN")
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_field = cls.env["ir.model.fields"]._get("helpdesk.ticket", "stage_id")
        cls.portal_list = cls.env.ref("helpdesk_mgmt.portal_ticket_list")
        # Forget what the database already holds in Vietnamese, then load the
        # module's translation files again as an install or update does: what
        # the tests read comes from the files of this branch.
        for table, column, ids in (
            ("helpdesk_ticket_stage", "name", cls.stage_new.ids),
            ("ir_model_fields", "field_description", cls.stage_field.ids),
            ("ir_ui_view", "arch_db", cls.portal_list.ids),
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = %s - 'vi_VN' WHERE id IN %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    SQL.identifier(column),
                    tuple(ids),
                )
            )
        cls.env.invalidate_all()
        cls.env.registry.clear_cache()
        cls.env["ir.module.module"].search(
            [("name", "=", "ecrm_service")]
        )._update_translations(["vi_VN"])
        cls.env.invalidate_all()

    def test_stages_read_in_vietnamese(self):
        self.assertEqual(self.stage_new.with_context(lang="vi_VN").name, "Mới")
        names = {
            xmlid: self.env.ref(f"helpdesk_mgmt.{xmlid}")
            .with_context(lang="vi_VN")
            .name
            for xmlid in (
                "helpdesk_ticket_stage_in_progress",
                "helpdesk_ticket_stage_awaiting",
                "helpdesk_ticket_stage_done",
                "helpdesk_ticket_stage_cancelled",
                "helpdesk_ticket_stage_rejected",
            )
        }
        self.assertEqual(
            names,
            {
                "helpdesk_ticket_stage_in_progress": "Đang xử lý",
                "helpdesk_ticket_stage_awaiting": "Đang chờ",
                "helpdesk_ticket_stage_done": "Hoàn tất",
                "helpdesk_ticket_stage_cancelled": "Đã hủy",
                "helpdesk_ticket_stage_rejected": "Từ chối",
            },
        )

    def test_ticket_labels_and_priorities_read_in_vietnamese(self):
        tickets = self.env["helpdesk.ticket"].with_context(lang="vi_VN")
        fields = tickets.fields_get(
            ["stage_id", "priority", "user_id"], ["string", "selection"]
        )
        self.assertEqual(fields["stage_id"]["string"], "Giai đoạn")
        self.assertEqual(fields["user_id"]["string"], "Người phụ trách")
        self.assertEqual(
            dict(fields["priority"]["selection"]),
            {"0": "Thấp", "1": "Trung bình", "2": "Cao", "3": "Rất cao"},
        )

    def test_menus_and_portal_read_in_vietnamese(self):
        menu = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_menu")
        self.assertEqual(menu.with_context(lang="vi_VN").name, "Giai đoạn")
        arch = self.portal_list.with_context(lang="vi_VN").arch_db
        self.assertIn("Khiếu nại ở giai đoạn:", arch)
        self.assertNotIn("Tickets in stage:", arch)

    def test_english_stays_english(self):
        self.assertEqual(self.stage_new.with_context(lang="en_US").name, "New")
        fields = (
            self.env["helpdesk.ticket"]
            .with_context(lang="en_US")
            .fields_get(["stage_id", "priority"], ["string", "selection"])
        )
        self.assertEqual(fields["stage_id"]["string"], "Stage")
        self.assertEqual(dict(fields["priority"]["selection"])["2"], "High")
        arch = self.portal_list.with_context(lang="en_US").arch_db
        self.assertIn("Tickets in stage:", arch)

    def test_code_terms_are_not_shipped(self):
        # code: terms are looked up by the module that holds the code: an entry
        # for helpdesk_mgmt's Python in our file would never be used.
        with open(
            get_module_path("ecrm_service") + "/i18n_extra/vi_VN.po",
            encoding="utf-8",
        ) as po:
            content = po.read()
        self.assertNotIn("#: code:", content)
        self.assertIn(
            "model:helpdesk.ticket.stage,name:helpdesk_mgmt.helpdesk_ticket_stage_new",
            content,
        )
