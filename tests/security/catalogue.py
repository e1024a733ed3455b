"""The ids of the attack catalogue (docs/security-catalogue.md, a copy of SECURITY.md), and
the rule that ties each of them to the tests of tests/security/ or to a written reason.

* Part B: one id per row of the tables B.1–B.15 (``XSS-01`` … ``MISC-04``).
* Part D: every OWASP ASVS control id of the table, with "V3.4.1–3.4.3" read as the three
  ids it spans and "V5.2.1 / V5.2.8" as two.

A test covers an id by its name: ``test_`` then the id in lower case without its dash
(``XSS-01`` → ``test_xss01_…``) or with its dots as underscores (``V2.2.1`` →
``test_v2_2_1_…``), then an underscore and what it shows.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "docs" / "security-catalogue.md"
TESTS = Path(__file__).resolve().parent

_B_ROW = re.compile(r"^\| ([A-Z]+-\d{2}) \|", re.MULTILINE)
_D_ROW = re.compile(r"^\| (V\d+\.\d+\.\d+[^|]*?) \|", re.MULTILINE)
_D_ID = re.compile(r"^V?(\d+)\.(\d+)\.(\d+)$")
_TEST_B = re.compile(r"^test_([a-z]+)(\d{2})_")
_TEST_D = re.compile(r"^test_v(\d+)_(\d+)_(\d+)_")


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


def _asvs_ids(cell: str) -> list[str]:
    """``V3.4.1–3.4.3`` → V3.4.1, V3.4.2, V3.4.3; ``V5.2.1 / V5.2.8`` → V5.2.1, V5.2.8."""
    ids: list[str] = []
    for part in cell.split("/"):
        ends = [e.strip() for e in part.strip().split("–")]
        first = _D_ID.match(ends[0])
        if first is None:
            raise ValueError(f"not an ASVS id: {ends[0]!r} in {cell!r}")
        if len(ends) == 1:
            ids.append("V{}.{}.{}".format(*first.groups()))
            continue
        last = _D_ID.match(ends[1])
        if last is None or last.groups()[:2] != first.groups()[:2]:
            raise ValueError(f"not a range of one section: {part!r}")
        chapter, section = first.group(1), first.group(2)
        for n in range(int(first.group(3)), int(last.group(3)) + 1):
            ids.append(f"V{chapter}.{section}.{n}")
    return ids


def catalogue_ids(text: str | None = None) -> list[str]:
    """Every id of parts B and D, in the document's order."""
    text = CATALOGUE.read_text(encoding="utf-8") if text is None else text
    ids = _B_ROW.findall(_section(text, "## Part B", "## Part C"))
    for cell in _D_ROW.findall(_section(text, "## Part D", "## Part E")):
        ids.extend(_asvs_ids(cell))
    return ids


def catalogue_id_of(name: str) -> str | None:
    """The catalogue id a test function's name claims, if any."""
    d = _TEST_D.match(name)
    if d is not None:
        return "V{}.{}.{}".format(*d.groups())
    b = _TEST_B.match(name)
    if b is not None:
        return f"{b.group(1).upper()}-{b.group(2)}"
    return None


def catalogue_tests(directory: Path = TESTS) -> dict[str, list[str]]:
    """Catalogue id → the tests of ``directory`` named for it (``file::function``)."""
    found: dict[str, list[str]] = {}
    for path in sorted(directory.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                catalogue_id = catalogue_id_of(node.name)
                if catalogue_id is not None:
                    found.setdefault(catalogue_id, []).append(f"{path.name}::{node.name}")
    return found
