#!/usr/bin/env bash
# The whole test suite on real Odoo 18 and PostgreSQL (the README's test command).
#
#   bash scripts/test.sh [pytest arguments...]
#
# Sets the machine up (scripts/lib.sh), runs the linters (ruff, pylint-odoo's mandatory
# checks, the Odoo 18 XML checks), installs the three addons and the demo addon school_demo
# (its demo data: a small generated school) into a fresh database and runs every test on it
# with pytest-odoo, browser tours included.
# A skipped test fails the run (conftest.py): Odoo skips tours silently when it lacks
# websocket-client or Chromium.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEST_DB=${SCHOOL_TEST_DB:-school_test}
ADDONS=school_records,school_portfolio,school_archive,school_demo

setup browser
cd "$REPO"

step "ruff"
"$PYTHON" -m ruff check addons bench tests scripts
"$PYTHON" -m ruff format --check addons bench tests scripts

step "pylint-odoo (mandatory checks)"
"$PYTHON" -m pylint --rcfile="$REPO/.pylintrc-mandatory" addons/*/

step "Odoo 18 XML checks"
"$PYTHON" scripts/check_xml.py addons

step "Installing $ADDONS with the demo school into a fresh database $TEST_DB"
drop_database "$TEST_DB"
log="$LOCAL/install-$TEST_DB.log"
if ! odoo -d "$TEST_DB" -i "$ADDONS" --stop-after-init --no-http --log-level=warn \
        >"$log" 2>&1 || grep -E ' (ERROR|CRITICAL) ' "$log"; then
    tail -n 60 "$log"
    die "the addons did not install cleanly (log: $log)"
fi

step "pytest on real Odoo ($TEST_DB)"
tests=(addons/*/tests tests)
"$PYTHON" -m pytest -p no:cacheprovider \
    --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http \
    -o addopts="" "${@:-${tests[@]}}"
