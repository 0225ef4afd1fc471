#!/usr/bin/env bash
# Daily backup of one school database (seed 000 §3.1.8): a pg_dump of the database, a tar
# of its Odoo filestore and of the archive's mirror directory, with their SHA-256 sums,
# into TARGET/<db>-<YYYYmmdd-HHMMSS>/. Backups older than KEEP_DAYS are removed.
#
#   scripts/backup.sh -d school -o /backup/school [-k 14] [-D /var/lib/odoo]
#                     [-f FILESTORE_DIR] [-m MIRROR_DIR] [-s SEAL_KEY_FILE]
#
# The connection comes from the usual libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD).
# -D is Odoo's data_dir (default $ODOO_DATA_DIR or ~/.local/share/Odoo); the filestore and
# the mirror default to <data_dir>/filestore/<db> and <data_dir>/school_archive_mirror/<db>.
# -s also copies the archive seal key: keep such backups on a separate medium.
set -euo pipefail

die() { printf 'backup.sh: %s\n' "$*" >&2; exit 2; }

DB="" TARGET="" KEEP_DAYS=14 DATA_DIR="${ODOO_DATA_DIR:-$HOME/.local/share/Odoo}"
FILESTORE="" MIRROR="" SEAL_KEY=""
while getopts "d:o:k:D:f:m:s:h" option; do
    case $option in
        d) DB=$OPTARG ;;
        o) TARGET=$OPTARG ;;
        k) KEEP_DAYS=$OPTARG ;;
        D) DATA_DIR=$OPTARG ;;
        f) FILESTORE=$OPTARG ;;
        m) MIRROR=$OPTARG ;;
        s) SEAL_KEY=$OPTARG ;;
        *) sed -n '2,15p' "$0"; exit 2 ;;
    esac
done
[ -n "$DB" ] || die "the database (-d) is required"
[ -n "$TARGET" ] || die "the target directory (-o) is required"
[[ $KEEP_DAYS =~ ^[0-9]+$ ]] || die "-k takes a number of days"
command -v pg_dump >/dev/null || die "pg_dump is not installed (apt-get install postgresql-client)"
FILESTORE=${FILESTORE:-$DATA_DIR/filestore/$DB}
MIRROR=${MIRROR:-$DATA_DIR/school_archive_mirror/$DB}

STAMP=$(date +%Y%m%d-%H%M%S)
OUT="$TARGET/$DB-$STAMP"
mkdir -p "$OUT.partial"
trap 'rm -rf "$OUT.partial"' EXIT

pg_dump -Fc --no-owner -f "$OUT.partial/database.dump" "$DB"
archive_dir() {  # archive_dir <dir> <name>: an empty tar when the directory does not exist
    if [ -d "$1" ]; then
        tar -C "$1" -czf "$OUT.partial/$2.tar.gz" .
    else
        tar -czf "$OUT.partial/$2.tar.gz" -T /dev/null
    fi
}
archive_dir "$FILESTORE" filestore
archive_dir "$MIRROR" mirror
if [ -n "$SEAL_KEY" ]; then
    install -m 600 "$SEAL_KEY" "$OUT.partial/seal.key"
fi
(cd "$OUT.partial" && sha256sum -- * > SHA256SUMS)
mv "$OUT.partial" "$OUT"
trap - EXIT

find "$TARGET" -mindepth 1 -maxdepth 1 -type d -name "$DB-*" -mtime +"$KEEP_DAYS" \
    -exec rm -rf {} +
printf '%s\n' "$OUT"
