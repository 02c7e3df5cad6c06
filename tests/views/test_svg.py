"""The drawing pieces the views share: the axis with its breaks, the quiet stretches it compresses, labels
placed in rows. Expected values worked out by hand in each test."""

from __future__ import annotations

import datetime as dt

from servicelevel.views._svg import Axis, Label, place_labels, quiet_stretches


def _utc(hour: int) -> dt.datetime:
    return dt.datetime(2026, 3, 2, hour, tzinfo=dt.UTC)


def test_axis_gives_breaks_their_fixed_width_and_time_the_rest() -> None:
    """00:00 to 10:00 on x 0 to 116 with 02:00-06:00 compressed: the break takes 16 px, the other 6 hours
    share 100 px (16.67 px an hour); inside the break, x moves in proportion (04:00 is half way)."""
    axis = Axis(_utc(0), _utc(10), 0, 116, [(_utc(2), _utc(6))])
    assert axis.x(_utc(1)) == 16.67
    assert axis.x(_utc(2)) == 33.33
    assert axis.x(_utc(4)) == 41.33  # 33.33 + 8
    assert axis.x(_utc(6)) == 49.33  # 33.33 + 16
    assert axis.x(_utc(9)) == 99.33  # 49.33 + 3 × 16.67
    assert axis.x(_utc(10)) == 116
    assert axis.x(_utc(12)) == 116  # clamped to the axis
    assert axis.x(_utc(0) - dt.timedelta(hours=1)) == 0
    assert [axis.in_break(_utc(h)) for h in (2, 4, 6)] == [False, True, False]  # [02:00, 06:00)
    assert axis.clip(_utc(9), _utc(12)) == (99.33, 116)
    assert axis.clip(_utc(11), _utc(12)) is None


def test_quiet_stretches_are_four_hours_or_more_untouched() -> None:
    """Busy 00:00-01:00 and 07:00-08:00 in 00:00-12:00: quiet 01:00-07:00 and 08:00-12:00 (exactly 4 h
    counts); busy 04:00-08:00 instead leaves 3 h after the first, too short."""
    busy = [(_utc(0), _utc(1)), (_utc(7), _utc(8))]
    assert quiet_stretches(busy, _utc(0), _utc(12)) == [(_utc(1), _utc(7)), (_utc(8), _utc(12))]
    busy = [(_utc(0), _utc(1)), (_utc(4), _utc(8))]
    assert quiet_stretches(busy, _utc(0), _utc(12)) == [(_utc(8), _utc(12))]


def test_labels_take_the_first_row_where_they_fit() -> None:
    """At 10 px a two-letter label is 12.4 px wide (0.62 em a character) and starts 3 px right of its
    anchor: at 0 it spans 3 to 15.4; at 10 it would start within 4 px of that, so it takes row 1; at
    100 it fits row 0. At 195 it would pass 200: it ends 3 px left of its anchor, 179.6 to 192."""
    labels = [(0.0, "ab"), (10.0, "cd"), (100.0, "ef"), (195.0, "gh")]
    assert place_labels(labels, 0, 200, size=10) == [
        Label(3, 15.4, 0, "ab"),
        Label(13, 25.4, 1, "cd"),
        Label(103, 115.4, 0, "ef"),
        Label(179.6, 192, 0, "gh"),
    ]
