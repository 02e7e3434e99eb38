# Shared helpers of scripts/run and scripts/test. Sourced, not executed.
# Odoo 18 is a prerequisite: we find a Python that can `import odoo` and install
# only the project's own dependencies into it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDONS="ecrm_core,ecrm_marketing,ecrm_service,ecrm_analytics"
PGVERSION=${PGVERSION:-15}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

find_odoo_python() {
    local candidates=()
    [ -n "${ODOO_PYTHON:-}" ] && candidates+=("$ODOO_PYTHON")
    candidates+=(/opt/odoo-venv/bin/python python3)
    for py in "${candidates[@]}"; do
        if command -v "$py" >/dev/null 2>&1 \
           && (cd / && "$py" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)') 2>/dev/null; then
            command -v "$py"
            return 0
        fi
    done
    cat >&2 <<'MSG'
ERROR: Odoo 18.0 was not found.
No Python among $ODOO_PYTHON, /opt/odoo-venv/bin/python and python3 can `import odoo`
(version 18.0). The eCRM addons need an installed Odoo 18.0 Community:

    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo /opt/odoo
    python3 -m venv /opt/odoo-venv
    /opt/odoo-venv/bin/pip install -r /opt/odoo/requirements.txt
    /opt/odoo-venv/bin/pip install --config-settings editable_mode=compat -e /opt/odoo

(Debian needs libldap2-dev libsasl2-dev libpq-dev first; on Python 3.11 replace the
cbor2==5.4.2 pin by cbor2==5.6.2.) Then run this command again, or point
ODOO_PYTHON at the Python of your own Odoo 18 installation.
MSG
    exit 1
}

apt_install() {
    # Installs Debian packages that a fresh machine lacks.
    say "Installing Debian packages: $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_postgres() {
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d "/usr/lib/postgresql/$PGVERSION/bin" ]; then
        apt_install "postgresql-$PGVERSION"
    fi
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PGVERSION" '$1==v && $2=="main"' | grep -q .; then
        as_root pg_createcluster "$PGVERSION" main >/dev/null
    fi
    if ! pg_lsclusters -h | awk -v v="$PGVERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
        say "Starting PostgreSQL $PGVERSION"
        as_root pg_ctlcluster "$PGVERSION" main start
    fi
    local me; me=$(id -un)
    if [ "$me" = postgres ]; then
        die "Odoo refuses to run as the postgres superuser; run as another user."
    fi
    # Odoo needs a role named after the Unix user, allowed to create databases.
    if ! psql -d postgres -tAc 'select 1' >/dev/null 2>&1; then
        say "Creating PostgreSQL role $me (CREATEDB)"
        as_root su postgres -c "createuser --createdb '$me'" 2>/dev/null || true
    fi
    psql -d postgres -tAc 'select 1' >/dev/null || die "cannot connect to PostgreSQL as $(id -un)"
}

ensure_chromium() {
    command -v chromium >/dev/null 2>&1 || apt_install chromium
}

ensure_requirements() {
    say "Installing the project's Python requirements into $ODOO_PY"
    (cd / && "$ODOO_PY" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt") \
        || die "pip could not install requirements.txt"
}

addons_path() {
    # Odoo's own addons, the OCA wheels' namespace folder, and ours.
    (cd / && "$ODOO_PY" - "$ROOT/addons" <<'PY'
import os, sys, importlib.util
import odoo
paths = []
base = os.path.dirname(os.path.dirname(odoo.__file__))
for p in (os.path.join(base, "addons"), os.path.join(os.path.dirname(odoo.__file__), "addons")):
    if os.path.isdir(p):
        paths.append(p)
import site
for sp in site.getsitepackages():
    p = os.path.join(sp, "odoo", "addons")
    if os.path.isdir(p) and os.path.realpath(p) not in map(os.path.realpath, paths):
        paths.append(p)
paths.append(sys.argv[1])
print(",".join(paths))
PY
)
}

odoo_bin() {
    (cd / && "$ODOO_PY" -c 'import sys, odoo.cli; sys.argv[0] = "odoo"; odoo.cli.main()' "$@")
}

db_exists() { psql -d postgres -tAc "select 1 from pg_database where datname = '$1'" | grep -q 1; }

ecrm_module_installed() {
    psql -d "$1" -tAc "select 1 from ir_module_module where name = 'ecrm_analytics' and state = 'installed'" 2>/dev/null | grep -q 1
}

create_database() {
    # create_database DB: a database with the four addons, Vietnamese, VND and demo data.
    local db=$1 apath; apath=$(addons_path)
    say "Creating database $db (base, Vietnamese, company in Vietnam with VND)"
    odoo_bin -d "$db" --addons-path="$apath" -i base --load-language=vi_VN \
        --stop-after-init --log-level=warn
    # The company's country and currency are set before accounting is installed, so
    # Odoo's account module picks the Vietnamese chart of accounts and VND.
    (cd / && "$ODOO_PY" - "$db" "$apath" <<'PY'
import sys
import odoo
odoo.tools.config.parse_config(["-d", sys.argv[1], "--addons-path", sys.argv[2], "--log-level=warn"])
from odoo.modules.registry import Registry
with Registry(sys.argv[1]).cursor() as cr:
    env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
    vnd = env.ref("base.VND")
    vnd.active = True
    company = env.ref("base.main_company")
    company.write({
        "name": "Công ty TNHH Bán lẻ Sao Việt",
        "street": "72 Lê Thánh Tôn",
        "city": "TP. Hồ Chí Minh",
        "state_id": env.ref("base.state_vn_VN-SG").id,
        "country_id": env.ref("base.vn").id,
        "currency_id": vnd.id,
        "phone": "+84 28 3822 0000",
        "email": "cskh@saoviet.example.vn",
    })
    company.partner_id.write({"lang": "vi_VN"})
    env["res.lang"]._activate_lang("vi_VN")
    env.ref("base.user_admin").write({"lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})
PY
)
    say "Installing $ADDONS with demo data (a few minutes)"
    odoo_bin -d "$db" --addons-path="$apath" -i "$ADDONS" --stop-after-init --log-level=warn
}
