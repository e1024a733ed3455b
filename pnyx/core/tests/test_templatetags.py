"""Tests for the shared template helpers in pnyx.core.templatetags.pnyx."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import time_machine
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from pnyx.core.templatetags.pnyx import AVATAR_HUES, hue_class, time_tag
from pnyx.core.times import relative_time

# Wednesday 6 March 2024, 15:30 UTC.
NOW = datetime(2024, 3, 6, 15, 30, tzinfo=UTC)


# ---------------------------------------------------------------- relative_time


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(seconds=-3600), "just now"),  # a clock a little ahead: never "in 1 hour"
        (timedelta(seconds=60), "1 minute ago"),
        (timedelta(seconds=119), "1 minute ago"),
        (timedelta(minutes=2), "2 minutes ago"),
        (timedelta(seconds=3599), "59 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=2, minutes=59), "2 hours ago"),
        (timedelta(hours=6, seconds=-1), "5 hours ago"),
    ],
)
def test_relative_time_recent_values_are_relative(ago: timedelta, expected: str) -> None:
    assert relative_time(NOW - ago, now=NOW) == expected


def test_relative_time_earlier_today_shows_time_of_day() -> None:
    assert relative_time(datetime(2024, 3, 6, 9, 30, tzinfo=UTC), now=NOW) == "Today at 09:30"
    assert relative_time(datetime(2024, 3, 6, 0, 5, tzinfo=UTC), now=NOW) == "Today at 00:05"


def test_relative_time_yesterday_shows_time_of_day() -> None:
    value = datetime(2024, 3, 5, 20, 0, tzinfo=UTC)

    assert relative_time(value, now=NOW) == "Yesterday at 20:00"


def test_relative_time_late_yesterday_within_six_hours_stays_relative() -> None:
    now = datetime(2024, 3, 6, 2, 0, tzinfo=UTC)

    assert relative_time(datetime(2024, 3, 5, 23, 0, tzinfo=UTC), now=now) == "3 hours ago"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2024, 3, 4, 23, 59, tzinfo=UTC), "Monday at 23:59"),
        (datetime(2024, 3, 3, 9, 5, tzinfo=UTC), "Sunday at 09:05"),
        (datetime(2024, 2, 29, 16, 0, tzinfo=UTC), "Thursday at 16:00"),
    ],
)
def test_relative_time_this_week_shows_weekday(value: datetime, expected: str) -> None:
    assert relative_time(value, now=NOW) == expected


def test_relative_time_week_across_new_year_shows_weekday() -> None:
    now = datetime(2024, 1, 2, 12, 0, tzinfo=UTC)

    assert relative_time(datetime(2023, 12, 30, 8, 15, tzinfo=UTC), now=now) == "Saturday at 08:15"


def test_relative_time_same_year_shows_day_and_month() -> None:
    assert relative_time(datetime(2024, 2, 28, 15, 0, tzinfo=UTC), now=NOW) == "28 Feb"
    assert relative_time(datetime(2024, 1, 1, 0, 0, tzinfo=UTC), now=NOW) == "1 Jan"


def test_relative_time_older_year_shows_full_date() -> None:
    assert relative_time(datetime(2023, 12, 31, 23, 59, tzinfo=UTC), now=NOW) == "31 Dec 2023"
    assert relative_time(datetime(2019, 7, 4, 12, 0, tzinfo=UTC), now=NOW) == "4 Jul 2019"


def test_relative_time_never_names_todays_weekday_for_last_week() -> None:
    # On Wednesday at 10:00, last Wednesday at 10:30 is under 7 days old, so it is shown
    # as "Wednesday at 10:30" -- which reads as today (and in the future).
    now = datetime(2024, 3, 6, 10, 0, tzinfo=UTC)

    assert relative_time(datetime(2024, 2, 28, 10, 30, tzinfo=UTC), now=now) == "28 Feb"


def test_relative_time_defaults_to_current_time() -> None:
    with time_machine.travel(NOW, tick=False):
        assert relative_time(NOW - timedelta(minutes=5)) == "5 minutes ago"


EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
instants = st.integers(min_value=0, max_value=4_102_444_800).map(
    lambda seconds: EPOCH + timedelta(seconds=seconds)
)


@given(value=instants, now=instants)
def test_relative_time_always_returns_text(value: datetime, now: datetime) -> None:
    text = relative_time(value, now=now)

    assert text != ""
    if value >= now:
        assert text == "just now"


# ---------------------------------------------------------------- time_tag


def test_time_tag_none_is_empty() -> None:
    assert time_tag(None) == ""


def test_time_tag_has_utc_iso_datetime_exact_title_and_relative_text() -> None:
    value = datetime(2024, 3, 6, 13, 5, 9, tzinfo=UTC)

    with time_machine.travel(NOW, tick=False):
        html = time_tag(value)

    assert html == (
        '<time datetime="2024-03-06T13:05:09+00:00" title="2024-03-06 13:05 UTC">2 hours ago</time>'
    )


def test_time_tag_converts_other_time_zones_to_utc_in_attributes() -> None:
    plus_two = timezone(timedelta(hours=2))
    value = datetime(2024, 1, 15, 1, 45, 30, 999999, tzinfo=plus_two)

    with time_machine.travel(NOW, tick=False):
        html = time_tag(value)

    assert html.startswith(
        '<time datetime="2024-01-14T23:45:30+00:00" title="2024-01-14 23:45 UTC">'
    )


def test_time_tag_text_and_title_agree_for_non_utc_values() -> None:
    # 01:45 at +02:00 on 15 Jan is 23:45 UTC on 14 Jan (the site's time zone is UTC); the
    # tooltip says 14 Jan but the visible text says "15 Jan".
    plus_two = timezone(timedelta(hours=2))
    value = datetime(2024, 1, 15, 1, 45, 30, tzinfo=plus_two)

    with time_machine.travel(NOW, tick=False):
        html = time_tag(value)

    assert html == (
        '<time datetime="2024-01-14T23:45:30+00:00" title="2024-01-14 23:45 UTC">14 Jan</time>'
    )


def test_relative_time_compares_days_in_one_time_zone() -> None:
    # 01:00 at +02:00 on 6 March is 23:00 UTC on 5 March: "Yesterday", not "Today at 01:00".
    value = datetime(2024, 3, 6, 1, 0, tzinfo=timezone(timedelta(hours=2)))

    assert relative_time(value, now=NOW) == "Yesterday at 23:00"


def test_time_tag_renders_in_templates() -> None:
    template = Template("{% load pnyx %}{% time_tag when %}|{% time_tag nothing %}|")

    with time_machine.travel(NOW, tick=False):
        html = template.render(Context({"when": NOW - timedelta(seconds=10), "nothing": None}))

    assert html == (
        '<time datetime="2024-03-06T15:29:50+00:00" title="2024-03-06 15:29 UTC">just now</time>||'
    )


# ---------------------------------------------------------------- hue_class


@pytest.mark.parametrize(
    ("hue", "expected"),
    [(0, "hue-0"), (29, "hue-0"), (30, "hue-1"), (180, "hue-6"), (330, "hue-11"), (359, "hue-11")],
)
def test_hue_class_maps_degrees_to_twelve_classes(hue: int, expected: str) -> None:
    assert hue_class(hue) == expected


@given(hue=st.integers(min_value=0, max_value=359))
def test_hue_class_is_within_range_for_any_hue(hue: int) -> None:
    css_class = hue_class(hue)

    index = int(css_class.removeprefix("hue-"))
    assert css_class == f"hue-{index}"
    assert 0 <= index < AVATAR_HUES
    assert index == hue // 30


def test_hue_class_as_template_filter() -> None:
    html = Template("{% load pnyx %}{{ hue|hue_class }}").render(Context({"hue": 200}))

    assert html == "hue-6"
