"""The README commands' set-up, on this machine: how it finds or gets Odoo 18.0.

What needs no internet is tried for real: an Odoo given by SCHOOL_ODOO_SRC (this machine's
own Odoo tree, found by importing odoo) goes into a virtualenv that later runs reuse; an
importable Odoo is used as is; offline, the set-up stops at once with the manual steps.
The two download paths run against stand-ins of Odoo's public sources: a local HTTP server
serving an archive laid out as the nightly source archive, and a local git repository with
an 18.0 branch. PIP_NO_INDEX=1 proves that no test downloads a Python package.
"""

import http.server
import os
import subprocess
import sys
import sysconfig
import tarfile
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

STAND_IN_REQUIREMENTS = (
    "# as Odoo's: the pin that does not build on Python 3.11 is rewritten to 5.6.2\n"
    "cbor2==5.4.2 ; python_version < '3.12'\n"
)


# The site-packages of the Python running the tests: the virtualenvs made here see them (the
# wrapper below does not), so Odoo's requirements are satisfied there even when the tests
# run in a virtualenv such as .local/venv, whose base Python has none of them.
SITE_PACKAGES = os.pathsep.join(
    dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
)


def _run_setup_step(step, python, timeout=60, **env):
    return subprocess.run(
        ["bash", "-c", f"source scripts/lib.sh; {step}"],
        cwd=REPO,
        env={
            **os.environ,
            "PYTHON": str(python),
            "PIP_NO_INDEX": "1",
            "PYTHONPATH": SITE_PACKAGES,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def python_without_odoo(tmp_path):
    """The tests' Python, unable to see site-packages, where Odoo is installed."""
    python = tmp_path / "python-without-odoo"
    python.write_text(f'#!/bin/sh\nexec {sys.executable} -S -E "$@"\n')
    python.chmod(0o755)
    return python


@pytest.mark.parametrize(
    "offline",
    [{"SCHOOL_OFFLINE": "1"}, {"SCHOOL_ODOO_ARCHIVE_URL": "http://127.0.0.1:9/odoo.tar.gz"}],
    ids=["SCHOOL_OFFLINE", "unreachable-archive"],
)
def test_offline_without_odoo_the_setup_stops_with_instructions(
    tmp_path, python_without_odoo, offline
):
    started = time.monotonic()
    result = _run_setup_step(
        "setup",
        python_without_odoo,
        SCHOOL_VENV=str(tmp_path / "venv"),
        SCHOOL_ODOO_DIR=str(tmp_path / "odoo"),
        **offline,
    )
    assert result.returncode == 3, result.stdout + result.stderr
    assert time.monotonic() - started < 30
    assert "Odoo 18.0 is not importable" in result.stderr
    assert "https://github.com/odoo/odoo" in result.stderr
    assert "SCHOOL_ODOO_SRC=" in result.stderr
    reason = "offline" if "SCHOOL_OFFLINE" in offline else "could not download http://127.0.0.1:9"
    assert reason in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not any(tmp_path.glob("odoo*")), "nothing is left of a failed download"
    assert not (tmp_path / "venv").exists()


def test_a_wrong_odoo_src_stops_with_instructions(tmp_path, python_without_odoo):
    result = _run_setup_step(
        "setup", python_without_odoo, SCHOOL_VENV=str(tmp_path / "venv"), SCHOOL_ODOO_SRC="/"
    )
    assert result.returncode == 3
    assert "SCHOOL_ODOO_SRC=/ is not an Odoo 18.0 source tree" in result.stderr


def test_with_odoo_the_setup_finds_its_addons():
    result = _run_setup_step(
        "require_odoo && find_odoo_addons && echo $ODOO_ADDONS_DIRS", sys.executable
    )
    assert result.returncode == 0, result.stderr
    dirs = result.stdout.strip().split(",")
    assert any((Path(d) / "web").is_dir() for d in dirs)
    assert any((Path(d) / "base").is_dir() for d in dirs)


def test_an_importable_odoo_is_used_as_is(tmp_path):
    result = _run_setup_step(
        'require_odoo && echo "PYTHON=$PYTHON"',
        sys.executable,
        SCHOOL_VENV=str(tmp_path / "venv"),
        SCHOOL_ODOO_SRC=str(tmp_path),
        SCHOOL_OFFLINE="1",
    )
    assert result.returncode == 0, result.stderr
    assert f"PYTHON={sys.executable}" in result.stdout
    assert "SCHOOL_ODOO_SRC is not used" in result.stderr
    assert not (tmp_path / "venv").exists()


def _venv_odoo(venv):
    python = venv / "bin" / "python"
    return subprocess.run(
        [python, "-c", "import odoo, odoo.release as r; print(odoo.__file__, r.version_info[0])"],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    ).stdout.split()


def test_odoo_src_makes_a_virtualenv_that_later_runs_reuse(tmp_path, python_without_odoo):
    import odoo  # this machine's Odoo: the tree SCHOOL_ODOO_SRC names

    tree = Path(odoo.__file__).resolve().parent.parent
    # through a link of its own, to see that the virtualenv imports this tree and no other
    src = tmp_path / "odoo-18.0"
    src.symlink_to(tree)
    venv = tmp_path / "venv"
    show = 'require_odoo && find_odoo_addons && echo "PYTHON=$PYTHON" && echo "$ODOO_ADDONS_DIRS"'

    made = _run_setup_step(
        show, python_without_odoo, timeout=600, SCHOOL_VENV=str(venv), SCHOOL_ODOO_SRC=str(src)
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert f"Making the virtualenv {venv}" in made.stdout
    assert f"PYTHON={venv}/bin/python" in made.stdout
    assert f"{src}/" in made.stdout.splitlines()[-1], "Odoo's addons come from that tree"
    assert (venv / "pyvenv.cfg").read_text().count("include-system-site-packages = true")
    assert _venv_odoo(venv) == [f"{src}/odoo/__init__.py", "18"]
    assert (venv / "school-odoo-source").read_text().splitlines()[0] == str(src)

    # later runs need no SCHOOL_ODOO_SRC and do no work; offline does not matter any more
    started = time.monotonic()
    reused = _run_setup_step(show, python_without_odoo, SCHOOL_VENV=str(venv), SCHOOL_OFFLINE="1")
    assert reused.returncode == 0, reused.stdout + reused.stderr
    assert "Making the virtualenv" not in reused.stdout
    assert f"PYTHON={venv}/bin/python" in reused.stdout
    assert time.monotonic() - started < 30

    # a virtualenv that lost its Odoo is mended, not trusted
    next(venv.glob("lib/python*/site-packages/school-odoo.pth")).unlink()
    mended = _run_setup_step(show, python_without_odoo, SCHOOL_VENV=str(venv), SCHOOL_OFFLINE="1")
    assert mended.returncode == 0, mended.stdout + mended.stderr
    assert "Making the virtualenv" in mended.stdout
    assert _venv_odoo(venv) == [f"{src}/odoo/__init__.py", "18"]


def _stand_in_odoo_tree(root):
    """The layout of Odoo's nightly source archive (and of a clone), in miniature."""
    (root / "odoo" / "addons" / "base").mkdir(parents=True)
    (root / "odoo" / "__init__.py").write_text("")
    (root / "odoo" / "release.py").write_text("version_info = (18, 0, 0, 'final', 0)\n")
    (root / "odoo" / "addons" / "base" / "__manifest__.py").write_text("{'name': 'Base'}\n")
    (root / "requirements.txt").write_text(STAND_IN_REQUIREMENTS)
    (root / "setup.py").write_text("")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_online_the_nightly_archive_is_downloaded_into_a_virtualenv(tmp_path, python_without_odoo):
    stand_in_venv = tmp_path / "venv"
    served = tmp_path / "served"
    tree = tmp_path / "build" / "odoo-18.0.post20250101"
    _stand_in_odoo_tree(tree)
    served.mkdir()
    with tarfile.open(served / "odoo_18.0.latest.tar.gz", "w:gz") as archive:
        archive.add(tree, arcname=tree.name)

    def handler(*args, **kwargs):
        return _QuietHandler(*args, directory=str(served), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/odoo_18.0.latest.tar.gz"
    target = tmp_path / "local" / "odoo"
    env = {"SCHOOL_VENV": str(stand_in_venv), "SCHOOL_ODOO_DIR": str(target)}
    show = 'require_odoo && echo "PYTHON=$PYTHON"'
    try:
        result = _run_setup_step(
            show, python_without_odoo, timeout=600, SCHOOL_ODOO_ARCHIVE_URL=url, **env
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Downloading Odoo 18.0 Community from {url}" in result.stderr
    assert (target / "odoo" / "release.py").is_file()
    assert not (target.parent / "odoo.partial").exists()
    assert _venv_odoo(stand_in_venv) == [f"{target}/odoo/__init__.py", "18"]
    assert "cbor2==5.6.2 ;" in (stand_in_venv / "odoo-requirements.txt").read_text()

    # the server is gone: a later run uses what it has
    again = _run_setup_step(show, python_without_odoo, SCHOOL_ODOO_ARCHIVE_URL=url, **env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Downloading" not in again.stderr and "Making the virtualenv" not in again.stdout
    assert f"PYTHON={stand_in_venv}/bin/python" in again.stdout


def test_online_a_shallow_clone_of_the_18_0_branch(tmp_path, python_without_odoo):
    origin = tmp_path / "origin"
    _stand_in_odoo_tree(origin)
    git = ["git", "-C", str(origin), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", "-b", "18.0", str(origin)], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "18.0"], check=True)
    target = tmp_path / "local" / "odoo"
    result = _run_setup_step(
        'require_odoo && echo "PYTHON=$PYTHON"',
        python_without_odoo,
        timeout=600,
        SCHOOL_VENV=str(tmp_path / "venv"),
        SCHOOL_ODOO_DIR=str(target),
        SCHOOL_ODOO_FETCH="git",
        SCHOOL_ODOO_GIT_URL=f"file://{origin}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Cloning Odoo 18.0 Community (branch 18.0, depth 1)" in result.stderr
    clone_depth = subprocess.run(
        ["git", "-C", str(target), "rev-list", "--count", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert clone_depth.stdout.strip() == "1"
    assert "Making the virtualenv" in result.stdout
    assert _venv_odoo(tmp_path / "venv") == [f"{target}/odoo/__init__.py", "18"]


def _write_conf(local):
    return subprocess.run(
        ["bash", "-c", "source scripts/lib.sh; find_odoo_addons && write_odoo_conf"],
        cwd=REPO,
        env={**os.environ, "PYTHON": "python3", "SCHOOL_LOCAL": str(local), "SCHOOL_HTTP_PORT": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _conf_options(path):
    options = {}
    for line in path.read_text().splitlines():
        if " = " in line:
            key, value = line.split(" = ", 1)
            options[key.strip()] = value.strip()
    return options


def test_the_config_hides_the_databases_behind_a_secret_master_password(tmp_path):
    local = tmp_path / "local"
    result = _write_conf(local)
    assert result.returncode == 0, result.stderr
    options = _conf_options(local / "odoo.conf")
    # no database manager and no database list on the web
    assert options["list_db"] == "False"
    # a random master password, kept in a file only its owner reads
    secret_file = local / "admin_passwd"
    secret = secret_file.read_text().strip()
    assert len(secret) >= 32
    assert options["admin_passwd"] == secret
    assert options["admin_passwd"] != "admin"
    assert (secret_file.stat().st_mode & 0o777) == 0o600
    # the config holds the secret and the database password: its owner only too
    assert ((local / "odoo.conf").stat().st_mode & 0o777) == 0o600
    # a later run (every demo.sh and test.sh) keeps the same secret
    assert _write_conf(local).returncode == 0
    assert _conf_options(local / "odoo.conf")["admin_passwd"] == secret
    assert secret_file.read_text().strip() == secret
    # another machine gets another secret
    other = tmp_path / "other"
    assert _write_conf(other).returncode == 0
    assert (other / "admin_passwd").read_text().strip() != secret


def test_a_loosened_secret_file_is_made_private_again(tmp_path):
    local = tmp_path / "local"
    assert _write_conf(local).returncode == 0
    secret_file = local / "admin_passwd"
    secret = secret_file.read_text().strip()
    secret_file.chmod(0o644)
    assert _write_conf(local).returncode == 0
    assert (secret_file.stat().st_mode & 0o777) == 0o600
    assert secret_file.read_text().strip() == secret


def test_a_checkout_may_choose_its_http_port(tmp_path):
    local = tmp_path / "local"
    assert _write_conf(local).returncode == 0
    assert "http_port" not in _conf_options(local / "odoo.conf")
    result = subprocess.run(
        ["bash", "-c", "source scripts/lib.sh; find_odoo_addons && write_odoo_conf"],
        cwd=REPO,
        env={**os.environ, "SCHOOL_LOCAL": str(local), "SCHOOL_HTTP_PORT": "8199"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    options = _conf_options(local / "odoo.conf")
    assert options["http_port"] == "8199"
    assert options["list_db"] == "False"
