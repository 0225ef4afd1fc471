# Shared set-up of the demo and test commands (sourced, not run).
#
# Makes a fresh Debian/Ubuntu machine that has Odoo 18.0 ready: system packages,
# the Python requirements, a running local PostgreSQL with an `odoo` role, and the
# Odoo configuration file .local/odoo.conf. Every step checks first and does nothing
# when what it needs is already there, so it is cheap to run every time.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LOCAL=${SCHOOL_LOCAL:-"$REPO/.local"}
ODOO_CONF="$LOCAL/odoo.conf"
PYTHON=${PYTHON:-python3}
DB_USER=${SCHOOL_DB_USER:-odoo}
DB_PASSWORD=${SCHOOL_DB_PASSWORD:-odoo}
DB_HOST=${SCHOOL_DB_HOST:-localhost}
DB_PORT=${SCHOOL_DB_PORT:-5432}
export PGPASSWORD="$DB_PASSWORD"

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 3; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Odoo is a prerequisite, like for every Odoo addon repository: it is not installed here.
require_odoo() {
    if "$PYTHON" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null; then
        return 0
    fi
    cat >&2 <<'MSG'

Odoo 18.0 is not importable by python3, and the school records addons need it.

Install Odoo 18.0 Community from Odoo itself (internet access needed), for example:
  1. sudo apt-get install -y git python3-pip libpq-dev libldap2-dev libsasl2-dev
  2. git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git /opt/odoo18
     (or unpack https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz there)
  3. python3 -m pip install -r /opt/odoo18/requirements.txt
  4. make it importable: python3 -m pip install -e /opt/odoo18
     (or: echo /opt/odoo18 > "$(python3 -c 'import site; print(site.getsitepackages()[0])')/odoo.pth")
See https://www.odoo.com/documentation/18.0/administration/on_premise/source.html
Then run this command again.
MSG
    exit 3
}

ODOO_ADDONS_DIRS=""
find_odoo_addons() {
    ODOO_ADDONS_DIRS=$("$PYTHON" - <<'PY'
import os
import odoo
root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
dirs = [os.path.join(root, "odoo", "addons"), os.path.join(root, "addons")]
print(",".join(d for d in dirs if os.path.isdir(os.path.join(d, "web"))
               or os.path.isdir(os.path.join(d, "base"))))
PY
)
    [ -n "$ODOO_ADDONS_DIRS" ] || die "Odoo's own addons (base, web, mail, portal) were not found next to the odoo package."
}

MISSING_DEBS=()
need_deb() { dpkg -s "$1" >/dev/null 2>&1 || MISSING_DEBS+=("$1"); }

ensure_system_packages() {
    MISSING_DEBS=()
    command -v pg_ctlcluster >/dev/null 2>&1 || need_deb postgresql
    need_deb postgresql-client
    need_deb libpq-dev
    if [ "${1:-}" = "browser" ]; then
        command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
            || command -v google-chrome >/dev/null 2>&1 || need_deb chromium
        need_deb fonts-dejavu-core
    fi
    command -v wkhtmltopdf >/dev/null 2>&1 || need_deb wkhtmltopdf
    [ ${#MISSING_DEBS[@]} -eq 0 ] && return 0
    step "Installing Debian packages: ${MISSING_DEBS[*]}"
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${MISSING_DEBS[*]} by hand."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${MISSING_DEBS[@]}" \
        || die "could not install ${MISSING_DEBS[*]} (no internet?). Install them by hand and retry."
}

ensure_python_requirements() {
    if "$PYTHON" "$REPO/scripts/check_requirements.py" "$REPO/requirements.txt"; then
        return 0
    fi
    step "Installing the Python requirements"
    "$PYTHON" -m pip install -q -r "$REPO/requirements.txt" \
        || die "pip could not install requirements.txt (no internet?)."
}

postgres_ready() { pg_isready -q -h "$DB_HOST" -p "$DB_PORT"; }

ensure_postgres() {
    if ! postgres_ready; then
        step "Starting the local PostgreSQL"
        if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
            version=$(ls /usr/lib/postgresql | sort -n | tail -1)
            as_root pg_createcluster "$version" main
        fi
        pg_lsclusters -h | while read -r version cluster _rest; do
            as_root pg_ctlcluster "$version" "$cluster" start || true
        done
        for _ in $(seq 30); do postgres_ready && break; sleep 1; done
        postgres_ready || die "PostgreSQL does not answer on $DB_HOST:$DB_PORT."
    fi
    if ! psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        step "Creating the PostgreSQL role $DB_USER"
        as_root runuser -u postgres -- psql -q -p "$DB_PORT" -c \
            "DO \$\$BEGIN
               IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
                 CREATE ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
               ELSE
                 ALTER ROLE \"$DB_USER\" LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
               END IF;
             END\$\$;" \
            || die "could not create the PostgreSQL role $DB_USER."
    fi
}

# The master password of this machine's Odoo (database manager, backups): a random secret made
# once, kept in .local/admin_passwd readable by its owner only, and reused on every later run.
ADMIN_PASSWD_FILE="$LOCAL/admin_passwd"
ensure_admin_passwd() {
    mkdir -p "$LOCAL"
    if [ ! -s "$ADMIN_PASSWD_FILE" ]; then
        (umask 077 && "$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(32))' \
            > "$ADMIN_PASSWD_FILE") || die "could not write $ADMIN_PASSWD_FILE."
    fi
    chmod 600 "$ADMIN_PASSWD_FILE"
}

# list_db = False: no database manager and no list of databases on the web (creating,
# dropping and downloading databases stay with these scripts and the shell).
write_odoo_conf() {
    mkdir -p "$LOCAL/data"
    ensure_admin_passwd
    (umask 077 && cat > "$ODOO_CONF" <<CONF
[options]
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
addons_path = $ODOO_ADDONS_DIRS,$REPO/addons
data_dir = $LOCAL/data
admin_passwd = $(cat "$ADMIN_PASSWD_FILE")
list_db = False
CONF
    )
    # several checkouts testing at once on one machine: each its own HTTP port
    if [ -n "${SCHOOL_HTTP_PORT:-}" ]; then
        echo "http_port = $SCHOOL_HTTP_PORT" >> "$ODOO_CONF"
    fi
    chmod 600 "$ODOO_CONF"
}

# Everything both commands need; "browser" also gets Chromium for the tours.
setup() {
    require_odoo
    ensure_system_packages "${1:-}"
    ensure_python_requirements
    ensure_postgres
    find_odoo_addons
    write_odoo_conf
}

drop_database() {
    dropdb -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" --if-exists --force "$1"
}

database_exists() {
    [ "$(psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$1'")" = "1" ]
}

odoo() { "$PYTHON" -m odoo -c "$ODOO_CONF" "$@"; }
odoo_shell() { "$PYTHON" -m odoo shell -c "$ODOO_CONF" --no-http "$@"; }
