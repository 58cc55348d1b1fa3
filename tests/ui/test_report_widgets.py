"""Reads run side by side: at the same time, in the page's script run (so they fill its
caches), and a failing read raises its error in the page, as it would have alone."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def reads_that_meet():
    import threading

    import streamlit as st

    from courseware.ui.report_widgets import side_by_side

    # Each read waits for the other: read one after the other, both would time out.
    both_reading = threading.Barrier(2, timeout=20)

    @st.cache_data
    def read(number: int) -> int:
        both_reading.wait()
        return number * 10

    side_by_side([lambda: read(1), lambda: read(2)])
    # Cached by the reads above: no waiting now.
    st.write(f"read {read(1)} and {read(2)}")


def a_read_that_fails():
    import streamlit as st

    from courseware.ui.report_widgets import side_by_side

    def fails():
        raise LookupError("no such report")

    try:
        side_by_side([lambda: 1, fails])
    except LookupError as error:
        # What the page would have met, reading alone (main.py catches Unavailable so).
        st.write(f"caught: {error}")


def test_reads_run_at_the_same_time_and_fill_the_cache():
    at = AppTest.from_function(reads_that_meet, default_timeout=60).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["read 10 and 20"]


def test_a_failing_read_raises_its_error_in_the_page():
    at = AppTest.from_function(a_read_that_fails, default_timeout=60).run()
    assert not at.exception
    assert [m.value for m in at.markdown] == ["caught: no such report"]


def test_the_dashboard_follows_the_attempt_limit_of_each_final():
    from pathlib import Path

    from courseware.content.catalog import load_catalog
    from courseware.ui.report_widgets import course_quizzes

    course = course_quizzes(load_catalog(Path(__file__).resolve().parents[2]))
    # Every final of the course allows three attempts: the limit stuck learners reached.
    assert dict(course.attempt_limits) == {final: 3 for final in course.finals}
    assert course.finals
