"""What is unsafe or missing in a school server's Odoo configuration file.

    python3 scripts/check_deploy.py /etc/odoo/odoo.conf

Prints one line per finding: UNSAFE (exit code 1 while there is any) or CHECK (worth a look,
or not checkable on this machine). Run it on the server itself: the disks of data_dir and of
the archive mirror, and the seal key's file mode, are checked only where the paths exist.
deploy/odoo.conf.example is a configuration that passes. Reads the file as Odoo 18.0 does:
only True/true and False/false are booleans, any other non-empty value counts as on.
"""

import configparser
import os
import stat
import sys
from pathlib import Path

WEAK_PASSWORDS = {"admin", "odoo", "password", "123456", "12345678", "qwerty", "changeme"}
MIN_PASSWORD = 16
DEMO_ADDONS_OFF = {"all", "true"}


def read_options(path):
    parser = configparser.RawConfigParser()
    with open(path, encoding="utf-8") as conf:
        parser.read_file(conf)
    if not parser.has_section("options"):
        raise ValueError(f"{path} has no [options] section: it is not an Odoo configuration")
    return dict(parser.items("options"))


def is_on(value):
    """Odoo's reading: True/true on, False/false/empty (or absent) off, anything else on."""
    return value not in (None, "", "False", "false")


def _device(path):
    """The device of the nearest existing folder of `path` (None when nothing exists)."""
    for candidate in [Path(path), *Path(path).parents]:
        if candidate.exists():
            return candidate.stat().st_dev
    return None


def _inside(child, parent):
    child, parent = Path(os.path.abspath(child)), Path(os.path.abspath(parent))
    return child == parent or parent in child.parents


def check(options, device=_device):
    """[(level, message)], level "UNSAFE" or "CHECK"."""
    found = []

    def unsafe(message):
        found.append(("UNSAFE", message))

    def note(message):
        found.append(("CHECK", message))

    get = options.get

    if get("list_db") is None or is_on(get("list_db")):
        unsafe(
            "list_db is on (Odoo's default): anyone can list the databases and reach the "
            "database manager; set list_db = False"
        )
    password = get("admin_passwd")
    if not is_on(password):
        unsafe("admin_passwd is not set: the database manager's master password is «admin»")
    elif not password.startswith("$pbkdf2"):
        if password.lower() in WEAK_PASSWORDS or "change-me" in password.lower():
            unsafe("admin_passwd is a well-known or placeholder password: set a long random one")
        elif len(password) < MIN_PASSWORD:
            unsafe(f"admin_passwd is shorter than {MIN_PASSWORD} characters: set a long random one")
    if not is_on(get("dbfilter")):
        unsafe(
            "dbfilter is not set: every database of the PostgreSQL server is served; "
            "set it to the school's database (e.g. dbfilter = ^school$)"
        )
    without_demo = (get("without_demo") or "").strip().lower()
    if without_demo not in DEMO_ADDONS_OFF:
        unsafe(
            "without_demo is not «all»: a new database gets demo data, and the demo school's "
            "users have their login as password"
        )
    try:
        workers = int(get("workers") or 0)
    except ValueError:
        workers = 0
        unsafe(f"workers = {get('workers')} is not a number")
    if workers <= 0:
        unsafe(
            "workers is 0: Odoo runs in one threaded process, without the per-worker memory "
            "and time limits; set about 2 workers per CPU core + 1"
        )
    else:
        for limit in ("limit_memory_hard", "limit_time_real"):
            if not is_on(get(limit)):
                note(f"{limit} is not set: Odoo's default applies, size it for this server")
    if not is_on(get("proxy_mode")):
        unsafe(
            "proxy_mode is off: serve Odoo through an HTTPS reverse proxy (nginx) and set "
            "proxy_mode = True"
        )
    elif (get("http_interface") or "") not in ("127.0.0.1", "localhost", "::1"):
        note(
            "http_interface is not 127.0.0.1: Odoo's own port can be reached around the "
            "HTTPS proxy unless a firewall closes it"
        )
    db_user, db_password = get("db_user"), get("db_password")
    if db_user == "postgres":
        unsafe("db_user is postgres: Odoo must connect as a role of its own, not the superuser")
    if is_on(get("db_host")) and get("db_host") not in ("localhost", "127.0.0.1", "::1"):
        if not is_on(db_password) or db_password.lower() in WEAK_PASSWORDS:
            unsafe("db_password is empty or well known while PostgreSQL is on another host")

    data_dir = get("data_dir")
    if not is_on(data_dir):
        unsafe(
            "data_dir is not set: the filestore goes to the home of whoever runs Odoo; "
            "set a folder of its own (e.g. data_dir = /var/lib/odoo)"
        )
        data_dir = None

    key = get("school_archive_seal_key_file")
    if not is_on(key):
        unsafe(
            "school_archive_seal_key_file is not set: the archive's seal key defaults to "
            "<data_dir>/school_archive_seal.key; keep it apart (e.g. /etc/odoo) and back it up "
            "on its own medium"
        )
    elif Path(key).exists():
        if Path(key).stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            unsafe(f"the seal key {key} is readable by others than its owner: chmod 600 it")
    else:
        note(f"the seal key {key} does not exist here: Odoo creates it on first use")

    mirror = get("school_archive_mirror_dir")
    if not is_on(mirror):
        unsafe(
            "school_archive_mirror_dir is not set: the archive's second copy goes to "
            "<data_dir>/school_archive_mirror, on the same disk as the first; set a folder on "
            "another disk"
        )
    elif data_dir and _inside(mirror, data_dir):
        unsafe(f"the archive mirror {mirror} is inside data_dir {data_dir}: the same disk")
    elif data_dir and Path(mirror).exists() and Path(data_dir).exists():
        if device(mirror) == device(data_dir):
            unsafe(
                f"the archive mirror {mirror} is on the same disk as data_dir {data_dir}: "
                "mount another disk there"
            )
    elif data_dir:
        note(
            f"cannot check here that the archive mirror {mirror} and data_dir {data_dir} are "
            "on two disks (not both exist on this machine): run this on the server"
        )

    if not is_on(get("logfile")):
        note("logfile is not set: the log goes to the standard output (journald under systemd)")
    note(
        "the backup is not in this file: schedule scripts/backup.sh daily (see the comments "
        "at the end of deploy/odoo.conf.example)"
    )
    return found


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        options = read_options(argv[1])
    except (OSError, ValueError, configparser.Error) as error:
        print(f"check_deploy: {error}", file=sys.stderr)
        return 2
    found = check(options)
    for level, message in found:
        print(f"{level}: {message}")
    unsafe = sum(level == "UNSAFE" for level, _message in found)
    print(f"{unsafe} unsafe setting(s) in {argv[1]}" if unsafe else f"{argv[1]}: nothing unsafe")
    return 1 if unsafe else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
