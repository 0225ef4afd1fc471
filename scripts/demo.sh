#!/usr/bin/env bash
# A demo school on this machine (the README's demo command).
#
#   bash scripts/demo.sh [--reset] [--size small|medium|large] [--port 8069]
#
# Sets the machine up (scripts/lib.sh), creates the database school_demo with the three
# addons and the demo addon school_demo (never installed by a school), generates a school
# with it (kept between runs; --reset makes it anew), prints the URL and one login per
# role, and runs Odoo on localhost until Ctrl+C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEMO_DB=${SCHOOL_DEMO_DB:-school_demo}
SIZE=medium
PORT=8069
RESET=
while [ $# -gt 0 ]; do
    case "$1" in
        --reset) RESET=1 ;;
        --size) SIZE=$2; shift ;;
        --port) PORT=$2; shift ;;
        *) die "unknown option $1 (use --reset, --size small|medium|large, --port N)" ;;
    esac
    shift
done
ADDONS=school_records,school_portfolio,school_archive,school_demo

setup
cd "$REPO"

[ -n "$RESET" ] && drop_database "$DEMO_DB"
if ! database_exists "$DEMO_DB"; then
    step "Creating the demo database $DEMO_DB (Russian interface, a $SIZE school)"
    odoo -d "$DEMO_DB" -i "$ADDONS" --without-demo=all --load-language=ru_RU \
        --stop-after-init --no-http --log-level=warn
    echo "env['school.demo.generator']._generate('$SIZE'); env.cr.commit()" \
        | odoo_shell -d "$DEMO_DB" --log-level=info 2>&1 | grep -E 'demo school|Error|error' || true
fi

logins=$(echo "for role, login, password in env['school.demo.generator']._demo_logins(): print('LOGIN', role, '|', login, '|', password)" \
    | odoo_shell -d "$DEMO_DB" --log-level=error 2>/dev/null | grep '^LOGIN ' | sed 's/^LOGIN //')
[ -n "$logins" ] || die "the demo database $DEMO_DB has no demo users: run again with --reset."

cat <<MSG

The demo school is ready: http://localhost:$PORT/web/login  (database $DEMO_DB)
Parents and students use the portal: http://localhost:$PORT/my
Logins (the password is the login):
MSG
{ echo "$logins"; echo "Administrator | admin | admin"; } | "$PYTHON" -c '
import sys
for line in sys.stdin:
    role, login, password = (part.strip() for part in line.split("|"))
    print(f"  {role:32} {login:15} password: {password}")'
urls=$(echo "for what, path in env['school.demo.generator']._demo_urls(): print('URL', what, '|', path)" \
    | odoo_shell -d "$DEMO_DB" --log-level=error 2>/dev/null | grep '^URL ' | sed 's/^URL //')
printf '\nWhere to start:\n'
echo "$urls" | "$PYTHON" -c '
import sys
for line in sys.stdin:
    if "|" in line:
        what, path = (part.strip() for part in line.split("|"))
        print(f"  {what:32} http://localhost:'"$PORT"'{path}")'
printf '\nStop the server with Ctrl+C.\n\n'

exec "$PYTHON" -m odoo -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$" \
    --http-interface=127.0.0.1 --http-port="$PORT" --log-level=warn
