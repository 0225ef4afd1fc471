"""One thing in one place (issue 24): the house rules a newcomer's change must keep.

- one translation style: ``self.env._()`` (``request.env._()`` in controllers), never the
  imported ``_``;
- one role lookup: «does the user hold a role» is asked of ``school.roles``
  (``models/school_roles.py``), never of ``has_group()`` elsewhere;
- one weighted average: the SQL that weighs the marks lives in the journal service
  (``models/school_journal.py``) and everyone else calls it.
"""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CODE = sorted(
    path
    for path in (REPO / "addons").rglob("*.py")
    if "tests" not in path.relative_to(REPO / "addons").parts
)
IMPORTED_UNDERSCORE = re.compile(
    r"^from odoo(?:\.tools\.translate)? import [^\n]*(?<![\w.])_(?![\w])", re.M
)
BARE_UNDERSCORE_CALL = re.compile(r"(?<![\w.])_\(")
WEIGHTED_SUM = re.compile(r"SUM\([^\n]{0,80}\*[^\n]{0,80}weight", re.I)


def _relative(path):
    return str(path.relative_to(REPO))


@pytest.mark.parametrize("path", CODE, ids=_relative)
def test_one_translation_style(path):
    text = path.read_text()
    assert not IMPORTED_UNDERSCORE.search(text), "import of _: use self.env._()"
    assert not BARE_UNDERSCORE_CALL.search(text), "_(…): use self.env._() (request.env._())"


def test_roles_are_asked_of_the_role_service():
    offenders = [
        _relative(path)
        for path in CODE
        if path.name != "school_roles.py" and "has_group(" in path.read_text()
    ]
    assert not offenders, f"ask school.roles instead of has_group(): {offenders}"


def test_the_weighted_average_lives_in_the_journal_service():
    offenders = [
        _relative(path)
        for path in CODE
        if path.name != "school_journal.py" and WEIGHTED_SUM.search(path.read_text())
    ]
    assert not offenders, f"call school.journal's average instead: {offenders}"
    assert WEIGHTED_SUM.search(
        (REPO / "addons/school_records/models/school_journal.py").read_text()
    )
