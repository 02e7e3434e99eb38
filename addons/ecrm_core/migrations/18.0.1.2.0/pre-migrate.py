# Copyright 2026 eCRM contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""eCRM API users become portal users (technical users whose key opens the eCRM
API only): before the new group definition loads, the API group stops implying
Internal User and its users keep only the API and portal groups."""


def _xmlid_res_id(cr, module, name):
    cr.execute(
        "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s",
        [module, name],
    )
    row = cr.fetchone()
    return row and row[0]


def migrate(cr, version):
    api_group = _xmlid_res_id(cr, "ecrm_core", "group_ecrm_api")
    portal = _xmlid_res_id(cr, "base", "group_portal")
    if not (api_group and portal):
        return
    cr.execute("DELETE FROM res_groups_implied_rel WHERE gid = %s", [api_group])
    cr.execute(
        "INSERT INTO res_groups_implied_rel (gid, hid) VALUES (%s, %s)",
        [api_group, portal],
    )
    cr.execute(
        "SELECT uid FROM res_groups_users_rel WHERE gid = %s AND uid != 1",
        [api_group],
    )
    users = [row[0] for row in cr.fetchall()]
    if not users:
        return
    cr.execute(
        "DELETE FROM res_groups_users_rel WHERE uid = ANY(%s) AND gid != %s",
        [users, api_group],
    )
    cr.execute(
        "INSERT INTO res_groups_users_rel (gid, uid) SELECT %s, unnest(%s::int[])",
        [portal, users],
    )
    cr.execute("UPDATE res_users SET share = true WHERE id = ANY(%s)", [users])
    cr.execute(
        """UPDATE res_partner SET partner_share = true
            WHERE id IN (SELECT partner_id FROM res_users WHERE id = ANY(%s))""",
        [users],
    )
