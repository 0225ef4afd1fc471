"""Odoo 18 checks of the addons' XML that pylint-odoo no longer makes (OCA pre-commit's).

Fails on <tree> views, attrs=/states= attributes, and views that replace a parent's
node (position="replace") without a priority. Usage: python3 scripts/check_xml.py addons
"""

import sys
from pathlib import Path

from lxml import etree


def problems(path):
    tree = etree.parse(str(path))
    for node in tree.iter("tree"):
        yield node.sourceline, "<tree> is <list> since Odoo 17"
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        for attribute in ("attrs", "states"):
            if attribute in node.attrib:
                yield (
                    node.sourceline,
                    f"{attribute}= is gone since Odoo 17: use invisible=/readonly=",
                )
    for record in tree.iter("record"):
        if record.get("model") != "ir.ui.view":
            continue
        arch = record.find("field[@name='arch']")
        has_priority = record.find("field[@name='priority']") is not None
        if arch is not None and not has_priority and arch.xpath(".//*[@position='replace']"):
            yield record.sourceline, "a view replaces a node without a priority"


def main(root):
    failures = 0
    for path in sorted(Path(root).rglob("*.xml")):
        for line, message in problems(path):
            print(f"{path}:{line}: {message}")
            failures += 1
    print(f"{failures} XML problem(s)" if failures else "XML checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "addons"))
