#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database (never over an existing
# one): checks the SHA-256 sums, creates the database, restores the dump, and unpacks the
# filestore and the archive mirror under the new database's name.
#
#   scripts/restore.sh -i /backup/school/school-20360630-020000 -d school_restored
#                      [-D /var/lib/odoo] [-f FILESTORE_DIR] [-m MIRROR_DIR]
#
# If `school_archive.mirror_path` is set in the restored database, point it to the new
# mirror directory (Settings > Technical > System Parameters).
set -euo pipefail

die() { printf 'restore.sh: %s\n' "$*" >&2; exit 2; }

INPUT="" DB="" DATA_DIR="${ODOO_DATA_DIR:-$HOME/.local/share/Odoo}" FILESTORE="" MIRROR=""
while getopts "i:d:D:f:m:h" option; do
    case $option in
        i) INPUT=$OPTARG ;;
        d) DB=$OPTARG ;;
        D) DATA_DIR=$OPTARG ;;
        f) FILESTORE=$OPTARG ;;
        m) MIRROR=$OPTARG ;;
        *) sed -n '2,11p' "$0"; exit 2 ;;
    esac
done
[ -d "$INPUT" ] || die "the backup directory (-i) is required"
[ -n "$DB" ] || die "the new database (-d) is required"
command -v pg_restore >/dev/null || die "pg_restore is not installed (apt-get install postgresql-client)"
FILESTORE=${FILESTORE:-$DATA_DIR/filestore/$DB}
MIRROR=${MIRROR:-$DATA_DIR/school_archive_mirror/$DB}

(cd "$INPUT" && sha256sum --quiet -c SHA256SUMS) || die "the backup is damaged (SHA256SUMS)"
[ -e "$FILESTORE" ] && die "$FILESTORE exists: restore into a new database"

createdb "$DB"
pg_restore --no-owner --exit-on-error -d "$DB" "$INPUT/database.dump"
mkdir -p "$FILESTORE" "$MIRROR"
tar -C "$FILESTORE" -xzf "$INPUT/filestore.tar.gz"
tar -C "$MIRROR" -xzf "$INPUT/mirror.tar.gz"
printf 'restored %s into %s\n' "$INPUT" "$DB"
