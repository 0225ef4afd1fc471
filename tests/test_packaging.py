"""The addons are pip-installable the way OCA publishes its 18.0 addons.

Every addon folder (a folder of addons/ with a __manifest__.py) has a pyproject.toml with the
whool build backend; its wheel, odoo_addon_<addon>, carries the manifest's version and
installs into odoo/addons of a Python environment, where Odoo lists it without any
addons_path. The wheels are built without build isolation (whool comes from
requirements.txt), and installed with --no-deps into a scratch virtualenv that sees this
Python's Odoo through --system-site-packages.
"""

import ast
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS = sorted(manifest.parent for manifest in (REPO / "addons").glob("*/__manifest__.py"))


def _version(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())["version"]


def test_every_addon_has_the_oca_packaging():
    assert len(ADDONS) >= 3
    for addon in ADDONS:
        pyproject = addon / "pyproject.toml"
        assert pyproject.is_file(), f"{addon.name} has no pyproject.toml"
        text = pyproject.read_text()
        assert '[build-system]\nrequires = ["whool"]\nbuild-backend = "whool.buildapi"' in text


def _run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


LIST_MODULES = """
import json, sys
import odoo
from odoo.tools import config
config.parse_config(["-c", sys.argv[1]])
from odoo.modules import module
module.initialize_sys_path()
listed = module.get_modules()
print(json.dumps({
    name: [name in listed, module.get_module_path(name, display_warning=False),
           (module.get_manifest(name) or {}).get("version")]
    for name in sys.argv[2:]
}))
"""


def test_wheels_install_where_odoo_finds_them(tmp_path):
    wheels = tmp_path / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(wheels), *map(str, ADDONS)],
        cwd=REPO,
    )
    built = {path.name.split("-")[0]: path for path in wheels.glob("*.whl")}
    assert sorted(built) == sorted(f"odoo_addon_{addon.name}" for addon in ADDONS)
    for addon in ADDONS:
        wheel = built[f"odoo_addon_{addon.name}"]
        # the manifest's version, and a post-release part for commits since it changed
        assert wheel.name.split("-")[1].startswith(_version(addon)), wheel.name
        with zipfile.ZipFile(wheel) as archive:
            assert f"odoo/addons/{addon.name}/__manifest__.py" in archive.namelist()

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    # what this Python imports (Odoo, its requirements, pip), also when it is a virtualenv
    # itself (.local/venv) that the scratch one cannot see as its system site-packages
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if os.path.isdir(p))}
    # pip installs into the scratch virtualenv, even what this Python already has
    _run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed"]
        + list(map(str, built.values())),
        env=env,
    )

    conf = tmp_path / "odoo.conf"
    conf.write_text(f"[options]\ndata_dir = {tmp_path / 'data'}\n")
    names = [addon.name for addon in ADDONS]
    found = json.loads(
        _run([python, "-c", LIST_MODULES, str(conf), *names], cwd=tmp_path, env=env).splitlines()[
            -1
        ]
    )
    site = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], env=env
    )
    for addon in ADDONS:
        listed, path, version = found[addon.name]
        assert listed, f"Odoo does not list {addon.name}"
        assert path == f"{site.strip()}/odoo/addons/{addon.name}"
        assert version == _version(addon)
