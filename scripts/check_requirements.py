"""Exit 0 when every requirement of requirements.txt is importable, 1 otherwise.

Lets the set-up skip pip (and the network) on a machine that already has them."""

import importlib.util
import re
import sys

# distribution name -> module name, where they differ
MODULES = {
    "websocket-client": "websocket",
    "pytest-odoo": "pytest_odoo",
    "pylint-odoo": "pylint_odoo",
    "xlsxwriter": "xlsxwriter",
    "python-dateutil": "dateutil",
}


def missing(path):
    names = []
    with open(path, encoding="utf-8") as requirements:
        for line in requirements:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            name = re.split(r"[<>=!~\[; ]", line, maxsplit=1)[0].lower()
            module = MODULES.get(name, name.replace("-", "_"))
            if importlib.util.find_spec(module) is None:
                names.append(name)
    return names


if __name__ == "__main__":
    absent = missing(sys.argv[1])
    if absent:
        print("missing Python packages: " + ", ".join(absent))
    sys.exit(1 if absent else 0)
