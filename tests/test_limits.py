"""Tests for dashboard.limits: every threshold says why it is what it is, and is used."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from dashboard import limits

PACKAGE = Path(limits.__file__).parent


def constants() -> list[str]:
    return [name for name in vars(limits) if name.isupper()]


def test_lim001_every_limit_has_its_reason_written_above_it():
    lines = inspect.getsource(limits).splitlines()
    tree = ast.parse("\n".join(lines))
    assigned = [node for node in tree.body if isinstance(node, ast.Assign)]
    assert {node.targets[0].id for node in assigned} == set(constants())
    for node in assigned:
        above = lines[node.lineno - 2]
        assert above.startswith("# ") and len(above) > 2, node.targets[0].id


def test_lim002_every_limit_is_read_somewhere_else_in_the_package():
    sources = "\n".join(
        path.read_text() for path in PACKAGE.rglob("*.py") if path.name != "limits.py"
    )
    for name in constants():
        assert re.search(rf"\b{name}\b", sources), f"limits.{name} is not used"
