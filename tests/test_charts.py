import html

import pandas as pd
import plotly.colors
import pytest

from courseware import charts
from courseware.i18n import Translator


def test_charts_speak_the_users_language_and_share_one_palette():
    t = Translator("sr")
    figure = charts.weekly_activity(
        pd.DataFrame({"week": ["2026-03-02"], "attempts": [4], "learners": [3]}), t
    )
    assert figure.layout.title.text == t("chart.weekly.title")
    assert figure.layout.xaxis.title.text == "Nedelja"
    assert [trace.marker.color for trace in figure.data][:1] == [charts.MARKS[2]]


def heatmap(table, x, y, value):
    return charts.share_heatmap(
        table,
        x=x,
        y=y,
        value=value,
        title="T",
        x_title=None,
        y_title=None,
        hidden_text="fewer than 5",
    )


def test_a_suppressed_cell_shows_as_fewer_than_five():
    table = pd.DataFrame({"org": ["A", "B"], "module": ["m", "m"], "rate": [0.8, None]})
    figure = heatmap(table, "module", "org", "rate")
    assert [list(row) for row in figure.data[0].text] == [["80%"], ["fewer than 5"]]


def test_a_name_with_html_is_a_label_not_a_link():
    phish = '<a href="http://x/phish">re-login</a> & <b>bold</b>'
    table = pd.DataFrame({"group": [phish], "tag": ["law"], "mastery": [0.5]})
    figure = heatmap(table, "group", "tag", "mastery")
    [shown] = figure.data[0].x
    assert "<" not in shown and ">" not in shown
    assert html.unescape(shown) == phish
    slopes = charts.gain_slopes(
        pd.DataFrame({"label": [phish], "mean_pre": [0.2], "mean_post": [0.6]}), lambda k: k
    )
    assert html.unescape(slopes.data[0].name) == phish and "<" not in slopes.data[0].name


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_lines_markers_and_bars_stand_out_from_the_page_and_cell_figures_from_their_cells():
    t = Translator("en")
    figures = [
        charts.weekly_activity(
            pd.DataFrame({"week": ["2026-03-02"], "attempts": [4], "learners": [3]}), t
        ),
        charts.gain_slopes(
            pd.DataFrame({"label": list("ABCDEFG"), "mean_pre": [0.2] * 7, "mean_post": [0.6] * 7}),
            t,
        ),
        charts.item_scatter(
            pd.DataFrame(
                {
                    "question": ["a", "b"],
                    "facility": [0.5, 0.2],
                    "discrimination_index": [0.4, 0.1],
                    "flagged": [False, True],
                }
            ),
            t,
            0.3,
        ),
    ]
    colours = {
        colour
        for figure in figures
        for trace in figure.data
        for colour in (getattr(trace, "line", None) and trace.line.color, trace.marker.color)
        if isinstance(colour, str)
    }
    assert colours and all(contrast(c, "#FFFFFF") >= 3 for c in colours), colours
    # The heatmaps' figures are black on every colour of their scale (4.5:1 is what text needs).
    figure = heatmap(
        pd.DataFrame({"org": ["A", "B"], "module": ["m", "m"], "rate": [0.0, 1.0]}),
        "module",
        "org",
        "rate",
    )
    assert figure.data[0].textfont.color == charts.CELL_TEXT
    samples = plotly.colors.sample_colorscale(charts.SEQUENTIAL, [i / 20 for i in range(21)])
    cells = [
        "#{:02X}{:02X}{:02X}".format(*map(round, plotly.colors.unlabel_rgb(s))) for s in samples
    ]
    assert min(contrast(charts.CELL_TEXT, cell) for cell in cells) >= 4.5


def test_the_retention_curve_draws_each_mean_with_its_interval():
    points = pd.DataFrame(
        {
            "line": ["Everyone", "Everyone", "Paired", "Paired"],
            "label": ["Pre-test", "Post-test", "Pre-test", "Post-test"],
            "mean": [0.2, 0.8, 0.25, 0.75],
            "low": [0.1, 0.7, 0.05, 0.6],
            "high": [0.3, 0.95, 0.45, 0.9],
        }
    )
    figure = charts.retention_curve(points, Translator("sr"))
    assert figure.layout.title.text == Translator("sr")("chart.retention.title")
    assert [trace.name for trace in figure.data] == ["Everyone", "Paired"]
    paired = figure.data[1]
    assert list(paired.y) == [0.25, 0.75]
    assert list(paired.error_y.array) == pytest.approx([0.2, 0.15])
    assert list(paired.error_y.arrayminus) == pytest.approx([0.2, 0.15])
    assert [trace.line.color for trace in figure.data] == charts.MARKS[:2]
