"""Every id of the attack catalogue has tests here or a written reason, never both, never
neither: a new row of docs/security-catalogue.md fails this file until it is dealt with."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.catalogue import (
    CATALOGUE,
    _asvs_ids,
    catalogue_id_of,
    catalogue_ids,
    catalogue_tests,
)
from tests.security.not_applicable import LATER_ISSUES, NOT_APPLICABLE


def test_catalogue_has_the_rows_and_controls_it_announces() -> None:
    ids = catalogue_ids()
    assert len(ids) == len(set(ids))
    # "79 concrete attacks" (part B) and "about 40 control ids" (part D, 32 rows).
    assert len([i for i in ids if not i.startswith("V")]) == 79
    assert len([i for i in ids if i.startswith("V")]) == 44
    assert {"XSS-01", "MISC-04", "V3.4.2", "V12.1.3", "V14.4.7", "V12.6.1"} <= set(ids)


def test_every_id_has_tests_or_a_written_reason() -> None:
    untested = sorted(set(catalogue_ids()) - set(catalogue_tests()) - set(NOT_APPLICABLE))
    assert untested == [], f"catalogue ids with neither a test nor a reason: {untested}"


def test_no_id_has_both_tests_and_a_reason() -> None:
    both = sorted(set(catalogue_tests()) & set(NOT_APPLICABLE))
    assert both == [], f"ids with tests AND a not-applicable reason: {both}"


def test_no_test_or_reason_names_an_id_the_catalogue_lacks() -> None:
    ids = set(catalogue_ids())
    assert sorted(set(catalogue_tests()) - ids) == []
    assert sorted(set(NOT_APPLICABLE) - ids) == []


@pytest.mark.parametrize("catalogue_id", sorted(NOT_APPLICABLE))
def test_each_reason_is_written_and_names_the_issue_that_makes_it_apply(catalogue_id: str) -> None:
    reason, issue = NOT_APPLICABLE[catalogue_id]
    assert len(reason.split()) >= 8, "say why in a sentence"
    assert issue in LATER_ISSUES


def test_a_new_row_without_a_test_is_caught(tmp_path: Path) -> None:
    text = CATALOGUE.read_text(encoding="utf-8")
    row = "| XSS-99 | new | payload | safe | source |\n"
    grown = text.replace("\n### B.2 ", "\n" + row + "\n### B.2 ", 1)
    assert "XSS-99" in catalogue_ids(grown)
    assert "XSS-99" not in catalogue_tests() and "XSS-99" not in NOT_APPLICABLE


def test_ids_are_read_from_test_names_and_asvs_ranges() -> None:
    assert catalogue_id_of("test_xss01_script_tag") == "XSS-01"
    assert catalogue_id_of("test_v12_1_3_quota") == "V12.1.3"
    assert catalogue_id_of("test_something_else") is None
    assert _asvs_ids("V3.4.1–3.4.3") == ["V3.4.1", "V3.4.2", "V3.4.3"]
    assert _asvs_ids("V14.4.3 / V14.4.4 / V14.4.7") == ["V14.4.3", "V14.4.4", "V14.4.7"]
    assert catalogue_tests(Path(__file__).parent / "nowhere") == {}
