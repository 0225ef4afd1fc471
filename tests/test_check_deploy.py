"""scripts/check_deploy.py on the documented production configuration and on bad ones."""

import importlib.util
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "deploy" / "odoo.conf.example"
SCRIPT = REPO / "scripts" / "check_deploy.py"

spec = importlib.util.spec_from_file_location("check_deploy", SCRIPT)
check_deploy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_deploy)


def _check(path):
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, check=False
    )


def _filled_example(tmp_path, **changes):
    """The example with its master password filled in, and `changes` (None: line removed)."""
    changes = {"admin_passwd": "Xk4v-9qLm2Rz7wTt8hYp", **changes}
    lines = []
    for line in EXAMPLE.read_text().splitlines():
        name = line.split("=", 1)[0].strip()
        if "=" in line and not line.startswith("#") and name in changes:
            if changes[name] is None:
                continue
            line = f"{name} = {changes.pop(name)}"
        lines.append(line)
    lines += [f"{name} = {value}" for name, value in changes.items() if value is not None]
    path = tmp_path / "odoo.conf"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_the_example_passes_once_its_master_password_is_set(tmp_path):
    result = _check(_filled_example(tmp_path))
    assert result.returncode == 0, result.stdout
    assert "UNSAFE" not in result.stdout
    assert "nothing unsafe" in result.stdout
    # not checkable off the server: said, not hidden
    assert "run this on the server" in result.stdout


def test_the_example_as_shipped_asks_for_its_master_password():
    result = _check(EXAMPLE)
    assert result.returncode == 1
    unsafe = [line for line in result.stdout.splitlines() if line.startswith("UNSAFE")]
    assert unsafe == [
        "UNSAFE: admin_passwd is a well-known or placeholder password: set a long random one"
    ]


def test_a_development_config_is_unsafe_on_every_count(tmp_path):
    conf = tmp_path / "dev.conf"
    conf.write_text(
        "[options]\ndb_host = db.example.org\ndb_user = odoo\ndb_password = odoo\n"
        "list_db = 0\nadmin_passwd = admin\n"
    )
    result = _check(conf)
    assert result.returncode == 1
    for message in (
        "list_db is on",
        "admin_passwd is a well-known or placeholder password",
        "dbfilter is not set",
        "without_demo is not «all»",
        "workers is 0",
        "proxy_mode is off",
        "db_password is empty or well known while PostgreSQL is on another host",
        "data_dir is not set",
        "school_archive_seal_key_file is not set",
        "school_archive_mirror_dir is not set",
    ):
        assert f"UNSAFE: {message}" in result.stdout, message
    assert "10 unsafe setting(s)" in result.stdout


def test_weak_settings_each_say_what_is_wrong(tmp_path):
    result = _check(
        _filled_example(
            tmp_path,
            admin_passwd="short-secret",
            workers="0",
            proxy_mode="False",
            list_db="True",
            dbfilter=None,
            without_demo=None,
        )
    )
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("UNSAFE")]
    assert len(lines) == 6, result.stdout
    assert any("admin_passwd is shorter than 16 characters" in line for line in lines)
    assert any("workers is 0" in line for line in lines)


def test_a_hashed_master_password_is_accepted(tmp_path):
    hashed = "$pbkdf2-sha512$600000$c2FsdA$aGFzaA"
    assert _check(_filled_example(tmp_path, admin_passwd=hashed)).returncode == 0


def test_the_mirror_must_be_on_another_disk_than_data_dir(tmp_path):
    data_dir, mirror, key = tmp_path / "data", tmp_path / "mirror", tmp_path / "seal.key"
    data_dir.mkdir()
    mirror.mkdir()
    key.write_text("k")
    key.chmod(0o600)
    options = check_deploy.read_options(
        _filled_example(
            tmp_path,
            data_dir=data_dir,
            school_archive_mirror_dir=mirror,
            school_archive_seal_key_file=key,
        )
    )
    # two folders of one disk (this test's temporary folder)
    same = check_deploy.check(options)
    assert (
        "UNSAFE",
        f"the archive mirror {mirror} is on the same disk as data_dir {data_dir}: "
        "mount another disk there",
    ) in same
    # another disk mounted on the mirror folder
    devices = {str(data_dir): 1, str(mirror): 2}
    assert not [m for level, m in check_deploy.check(options, devices.get) if level == "UNSAFE"]
    # inside data_dir is the same disk, whatever is mounted
    options["school_archive_mirror_dir"] = str(data_dir / "mirror")
    inside = check_deploy.check(options, devices.get)
    assert any("is inside data_dir" in message for _level, message in inside)
    # a seal key others can read
    key.chmod(0o644)
    assert any("chmod 600" in message for _level, message in check_deploy.check(options))


def test_a_file_that_is_not_an_odoo_configuration(tmp_path):
    conf = tmp_path / "other.conf"
    conf.write_text("[server]\nworkers = 4\n")
    result = _check(conf)
    assert result.returncode == 2
    assert "has no [options] section" in result.stderr
