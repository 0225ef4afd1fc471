#!/usr/bin/env python3
"""Write each addon's README.rst from its manifest and its readme/*.md fragments, as the
OCA's oca-gen-addon-readme does (which needs the internet to install): DESCRIPTION.md,
CONTEXT.md, INSTALL.md, CONFIGURE.md, USAGE.md, ROADMAP.md, HISTORY.md, then the credits
with CONTRIBUTORS.md and CREDITS.md, each where the addon has it:

    python3 scripts/gen_readme.py           # rewrite the README.rst files
    python3 scripts/gen_readme.py --check   # exit 1 if one is out of date

The fragments use a small part of Markdown: paragraphs, «- » lists, *emphasis*,
**strong**, `code`, «### » headings and code blocks indented by four spaces."""

import ast
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS = ("school_records", "school_portfolio", "school_archive", "school_demo")
# the fragments of OCA's readme/ folder, in the order and with the titles OCA's tool gives them
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONTEXT.md", "Use Cases / Context"),
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("HISTORY.md", "Changelog"),
)
CREDITS = (("CONTRIBUTORS.md", "Contributors"), ("CREDITS.md", "Other credits"))
CODE = re.compile(r"(?<!`)`([^`]+)`(?!`)")


def _title(text, mark):
    return [text, mark * len(text), ""]


def markdown_to_rst(markdown):
    lines, out = markdown.rstrip().splitlines(), []
    for index, line in enumerate(lines):
        is_code = line.startswith("    ") and not line.lstrip().startswith("- ")
        starts_code_block = (
            is_code and index > 0 and not lines[index - 1].strip() and _paragraph_before(out)
        )
        if starts_code_block:
            _open_literal_block(out)
        if line.startswith("### "):
            out.extend(_title(line[4:].strip(), "^"))
            continue
        out.append(line if is_code and _in_literal(out) else CODE.sub(r"``\1``", line))
    return "\n".join(_drop_double_blanks(out)).rstrip() + "\n"


def _paragraph_before(out):
    text = [line for line in out if line.strip()]
    return bool(text) and not text[-1].startswith("    ")


def _open_literal_block(out):
    """Markdown's indented block is rst's literal block: the paragraph before it ends
    with «::» (shown as one colon when it ended with one)."""
    for position in range(len(out) - 1, -1, -1):
        if out[position].strip():
            text = out[position].rstrip()
            out[position] = text + ":" if text.endswith(":") else text + " ::"
            out.append("__literal__")
            return


def _in_literal(out):
    for line in reversed(out):
        if line == "__literal__":
            return True
        if line.strip() and not line.startswith("    "):
            return False
    return False


def _drop_double_blanks(lines):
    result = []
    for line in lines:
        if line == "__literal__":
            continue
        if not line.strip() and result and not result[-1].strip():
            continue
        result.append(line)
    return result


def readme(addon):
    path = REPO / "addons" / addon
    manifest = ast.literal_eval((path / "__manifest__.py").read_text())
    out = _title(manifest["name"], "=")
    out += [manifest["summary"], "", "**Table of contents**", "", ".. contents::", "   :local:", ""]
    for fragment, title in SECTIONS:
        source = path / "readme" / fragment
        if not source.exists():
            continue
        if title:
            out += _title(title, "~")
        out += [markdown_to_rst(source.read_text()).rstrip("\n"), ""]
    out += _title("Credits", "~")
    out += _title("Authors", "^") + [f"- {manifest['author']}", ""]
    for fragment, title in CREDITS:
        source = path / "readme" / fragment
        if source.exists():
            out += _title(title, "^") + [markdown_to_rst(source.read_text()).rstrip("\n"), ""]
    out += [
        "This module is part of the school records addons for Odoo 18 "
        "(see the repository's README.md).",
    ]
    return "\n".join(_drop_double_blanks(out)).rstrip() + "\n"


def main(argv):
    stale = []
    for addon in ADDONS:
        target = REPO / "addons" / addon / "README.rst"
        text = readme(addon)
        if target.exists() and target.read_text() == text:
            continue
        stale.append(addon)
        if "--check" not in argv:
            target.write_text(text)
    if stale and "--check" in argv:
        print(f"README.rst out of date: {', '.join(stale)} (run scripts/gen_readme.py)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
