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

# Odoo 18.0 Community. When python3 imports it, it is used as is. Otherwise the set-up uses
# a project-local virtualenv (.local/venv) whose Odoo comes from, in this order:
# SCHOOL_ODOO_SRC=/path/to/an/odoo/18.0/tree, the tree of an earlier run (the virtualenv is
# reused as long as that tree and its requirements are unchanged), a tree downloaded by an
# earlier run (.local/odoo), or Odoo's own public source: the nightly source archive of 18.0
# (SCHOOL_ODOO_FETCH=archive, the default) or a shallow clone of the official repository's
# 18.0 branch (SCHOOL_ODOO_FETCH=git). Offline (or SCHOOL_OFFLINE=1) it stops at once with
# the manual steps. SCHOOL_VENV, SCHOOL_ODOO_DIR and the two URLs below are for the tests.
ODOO_VENV=${SCHOOL_VENV:-$LOCAL/venv}
ODOO_DOWNLOAD_DIR=${SCHOOL_ODOO_DIR:-$LOCAL/odoo}
ODOO_ARCHIVE_URL=${SCHOOL_ODOO_ARCHIVE_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}
ODOO_GIT_URL=${SCHOOL_ODOO_GIT_URL:-https://github.com/odoo/odoo.git}
# line 1: the Odoo tree of the virtualenv; line 2: the SHA-256 of its requirements.txt
ODOO_VENV_MARK="$ODOO_VENV/school-odoo-source"

odoo_instructions() {
    printf '\nOdoo 18.0 is not importable by python3, and the school records addons need it.\n' >&2
    if [ -n "${1:-}" ]; then printf 'The set-up could not get it itself: %s\n' "$1" >&2; fi
    cat >&2 <<'MSG'

Run this command again online: it then downloads Odoo 18.0 Community from nightly.odoo.com
into .local/odoo and makes the virtualenv .local/venv. Or give it an Odoo 18.0 source tree
you already have: SCHOOL_ODOO_SRC=/path/to/odoo bash scripts/demo.sh
Or install Odoo 18.0 Community from Odoo itself (internet access needed), for example:
  1. sudo apt-get install -y git python3-pip libpq-dev libldap2-dev libsasl2-dev
  2. git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git ~/odoo-18.0
     (or unpack https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz there)
  3. python3 -m pip install -r ~/odoo-18.0/requirements.txt
  4. make it importable: python3 -m pip install -e ~/odoo-18.0
     (or: echo ~/odoo-18.0 > "$(python3 -c 'import site; print(site.getsitepackages()[0])')/odoo.pth")
See https://www.odoo.com/documentation/18.0/administration/on_premise/source.html
Then run this command again.
MSG
    exit 3
}

odoo18_importable() {  # odoo18_importable PYTHON
    "$1" -c 'import odoo.release as r, sys; sys.exit(r.version_info[0] != 18)' 2>/dev/null
}

venv_imports_odoo_from() {  # the virtualenv imports Odoo 18.0 from the tree $1, no other
    [ "$("$ODOO_VENV/bin/python" -c 'import os, odoo.release as r
print(r.version_info[0], os.path.dirname(os.path.dirname(os.path.abspath(r.__file__))))' 2>/dev/null)" = "18 $1" ]
}

odoo18_tree() {  # odoo18_tree DIR: an Odoo 18.0 source tree (a clone or the unpacked archive)
    [ -f "$1/requirements.txt" ] && grep -Eq '^version_info = \(18, *0,' "$1/odoo/release.py" 2>/dev/null
}

# Downloads Odoo 18.0 Community into $ODOO_DOWNLOAD_DIR. When it cannot, prints why on stdout
# and fails; offline that takes seconds, never a hang.
download_odoo() {
    local dest=$ODOO_DOWNLOAD_DIR partial="$ODOO_DOWNLOAD_DIR.partial"
    if [ -n "${SCHOOL_OFFLINE:-}" ]; then
        echo "offline (SCHOOL_OFFLINE is set)."
        return 1
    fi
    rm -rf "$partial"
    mkdir -p "$(dirname "$dest")"
    if [ "${SCHOOL_ODOO_FETCH:-archive}" = git ]; then
        command -v git >/dev/null 2>&1 || { echo "git is not installed."; return 1; }
        step "Cloning Odoo 18.0 Community (branch 18.0, depth 1) from $ODOO_GIT_URL" >&2
        if ! GIT_TERMINAL_PROMPT=0 git clone -q --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$partial" >&2; then
            rm -rf "$partial"
            echo "git clone $ODOO_GIT_URL failed (offline?)."
            return 1
        fi
    else
        step "Downloading Odoo 18.0 Community from $ODOO_ARCHIVE_URL" >&2
        local archive="$partial.tar.gz"
        if ! "$PYTHON" -c '
import shutil, sys, urllib.request
url, target = sys.argv[1:]
try:
    # the timeout bounds the connection and every read: offline fails in seconds
    with urllib.request.urlopen(url, timeout=20) as response, open(target, "wb") as out:
        shutil.copyfileobj(response, out, 1 << 20)
except (OSError, ValueError) as error:
    sys.exit(f"could not download {url} ({error}).")
' "$ODOO_ARCHIVE_URL" "$archive" 2>&1; then
            rm -f "$archive"
            return 1
        fi
        mkdir -p "$partial"
        if ! tar -xzf "$archive" -C "$partial" --strip-components=1 >&2; then
            rm -rf "$partial" "$archive"
            echo "$ODOO_ARCHIVE_URL is not a readable .tar.gz."
            return 1
        fi
        rm -f "$archive"
    fi
    if ! odoo18_tree "$partial"; then
        rm -rf "$partial"
        echo "what was downloaded is not an Odoo 18.0 source tree."
        return 1
    fi
    rm -rf "$dest"
    mv "$partial" "$dest"
}

# Makes (or refreshes) the virtualenv for the Odoo tree $1: Odoo's requirements, and a .pth
# file that makes the tree importable. The virtualenv sees the system's site-packages: Odoo
# pins the versions Debian and Ubuntu package (python3-psycopg2, python3-lxml, ...), so what
# the system already has satisfies them without compiling, and pip adds to the virtualenv
# only what is missing or of another version. The virtualenv's own packages and its .pth
# come first on sys.path, so they win over the system's (an older Odoo there included).
make_odoo_venv() {
    local src=$1 vpy="$ODOO_VENV/bin/python" site
    step "Making the virtualenv $ODOO_VENV for Odoo 18.0 from $src"
    if [ ! -x "$vpy" ]; then
        if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
            MISSING_DEBS=(python3-venv)
            install_missing_debs
        fi
        "$PYTHON" -m venv --system-site-packages "$ODOO_VENV" \
            || die "could not make the virtualenv $ODOO_VENV."
    fi
    rm -f "$ODOO_VENV_MARK"
    site=$("$vpy" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    printf '%s\n' "$src" > "$site/school-odoo.pth"
    # Odoo pins cbor2==5.4.2 below Python 3.12; it does not build on Python 3.11, 5.6.2 does
    sed -E 's/^cbor2==5\.4\.2/cbor2==5.6.2/' "$src/requirements.txt" > "$ODOO_VENV/odoo-requirements.txt"
    if ! "$vpy" -m pip install -q -r "$ODOO_VENV/odoo-requirements.txt"; then
        # what pip had to compile (psycopg2, python-ldap) needs these
        MISSING_DEBS=()
        need_deb build-essential
        need_deb python3-dev
        need_deb libpq-dev
        need_deb libldap2-dev
        need_deb libsasl2-dev
        [ ${#MISSING_DEBS[@]} -gt 0 ] || die "pip could not install Odoo's requirements into $ODOO_VENV (no internet?)."
        install_missing_debs
        "$vpy" -m pip install -q -r "$ODOO_VENV/odoo-requirements.txt" \
            || die "pip could not install Odoo's requirements into $ODOO_VENV (no internet?)."
    fi
    venv_imports_odoo_from "$src" || die "the virtualenv $ODOO_VENV does not import Odoo 18.0 from $src."
    printf '%s\n%s\n' "$src" "$2" > "$ODOO_VENV_MARK"
}

require_odoo() {
    if odoo18_importable "$PYTHON"; then
        if [ -n "${SCHOOL_ODOO_SRC:-}" ]; then
            printf 'Note: %s already imports Odoo 18.0; SCHOOL_ODOO_SRC is not used.\n' "$PYTHON" >&2
        fi
        return 0
    fi
    local src="" reason checksum
    if [ -n "${SCHOOL_ODOO_SRC:-}" ]; then
        src=$(cd "$SCHOOL_ODOO_SRC" 2>/dev/null && pwd) || src=$SCHOOL_ODOO_SRC
        odoo18_tree "$src" || odoo_instructions "SCHOOL_ODOO_SRC=$SCHOOL_ODOO_SRC is not an Odoo 18.0 source tree (its root holds requirements.txt and odoo/release.py)."
    elif [ -f "$ODOO_VENV_MARK" ] && odoo18_tree "$(head -n 1 "$ODOO_VENV_MARK")"; then
        src=$(head -n 1 "$ODOO_VENV_MARK")  # the tree of an earlier run
    elif odoo18_tree "$ODOO_DOWNLOAD_DIR"; then
        src=$ODOO_DOWNLOAD_DIR  # downloaded by an earlier run
    else
        reason=$(download_odoo) || odoo_instructions "$reason"
        src=$ODOO_DOWNLOAD_DIR
    fi
    checksum=$(sha256sum < "$src/requirements.txt" | cut -d' ' -f1)
    if [ "$(cat "$ODOO_VENV_MARK" 2>/dev/null)" != "$(printf '%s\n%s' "$src" "$checksum")" ] \
        || ! venv_imports_odoo_from "$src"; then
        make_odoo_venv "$src" "$checksum"
    fi
    PYTHON="$ODOO_VENV/bin/python"
    export PYTHON
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
    install_missing_debs
}

install_missing_debs() {
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
