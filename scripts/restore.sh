#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database (never over an existing
# one): checks the SHA-256 sums, creates the database, restores the dump, and unpacks the
# filestore and the archive mirror under the new database's name.
#
#   scripts/restore.sh -i /backup/school/school-20360630-020000 -d school_restored
#                      [-D /var/lib/odoo] [-f FILESTORE_DIR] [-m MIRROR_DIR]
#                      [-s SEAL_KEY_FILE]
#
# -s puts the archive seal key of the backup (made with backup.sh -s) where the restoring
# Odoo reads it (its `school_archive_seal_key_file`, by default
# <data_dir>/school_archive_seal/<database>.key); an existing different key there is never replaced.
# Without the key the restored archive's seals cannot be checked.
# If `school_archive.mirror_path` is set in the restored database, point it to the new
# mirror directory (Settings > Technical > System Parameters).
set -euo pipefail

die() { printf 'restore.sh: %s\n' "$*" >&2; exit 2; }

INPUT="" DB="" DATA_DIR="${ODOO_DATA_DIR:-$HOME/.local/share/Odoo}" FILESTORE="" MIRROR="" SEAL_KEY=""
while getopts "i:d:D:f:m:s:h" option; do
    case $option in
        i) INPUT=$OPTARG ;;
        d) DB=$OPTARG ;;
        D) DATA_DIR=$OPTARG ;;
        f) FILESTORE=$OPTARG ;;
        m) MIRROR=$OPTARG ;;
        s) SEAL_KEY=$OPTARG ;;
        *) sed -n '2,16p' "$0"; exit 2 ;;
    esac
done
[ -d "$INPUT" ] || die "the backup directory (-i) is required"
[ -n "$DB" ] || die "the new database (-d) is required"
command -v pg_restore >/dev/null || die "pg_restore is not installed (apt-get install postgresql-client)"
FILESTORE=${FILESTORE:-$DATA_DIR/filestore/$DB}
MIRROR=${MIRROR:-$DATA_DIR/school_archive_mirror/$DB}

(cd "$INPUT" && sha256sum --quiet -c SHA256SUMS) || die "the backup is damaged (SHA256SUMS)"
[ -e "$FILESTORE" ] && die "$FILESTORE exists: restore into a new database"
if [ -n "$SEAL_KEY" ]; then
    [ -f "$INPUT/seal.key" ] || die "the backup holds no seal key (make it with backup.sh -s)"
    if [ -e "$SEAL_KEY" ] && ! cmp -s "$INPUT/seal.key" "$SEAL_KEY"; then
        die "$SEAL_KEY holds another seal key: it is never replaced"
    fi
fi

createdb "$DB"
pg_restore --no-owner --exit-on-error -d "$DB" "$INPUT/database.dump"
mkdir -p "$FILESTORE" "$MIRROR"
tar -C "$FILESTORE" -xzf "$INPUT/filestore.tar.gz"
tar -C "$MIRROR" -xzf "$INPUT/mirror.tar.gz"
if [ -n "$SEAL_KEY" ]; then
    mkdir -p "$(dirname "$SEAL_KEY")"
    install -m 600 "$INPUT/seal.key" "$SEAL_KEY"
elif [ -f "$INPUT/seal.key" ]; then
    printf 'restore.sh: the backup holds the archive seal key; put it in place with -s\n' >&2
fi
printf 'restored %s into %s\n' "$INPUT" "$DB"
