from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from pnyx.core.pagination import page_window


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=1, max_value=500))
def test_page_window_always_holds_first_current_and_last(number: int, count: int) -> None:
    number = min(number, count)
    shown = page_window(number, count)
    pages = [p for p in shown if p is not None]
    assert pages == sorted(set(pages))
    assert pages[0] == 1 and pages[-1] == count
    assert number in pages
    assert len(shown) <= 9
    for before, after in itertools.pairwise(shown):
        assert before is not None or after is not None
