import html

import pandas as pd

from courseware import charts
from courseware.i18n import Translator


def test_charts_speak_the_users_language_and_share_one_palette():
    t = Translator("sr")
    figure = charts.weekly_activity(
        pd.DataFrame({"week": ["2026-03-02"], "attempts": [4], "learners": [3]}), t
    )
    assert figure.layout.title.text == t("chart.weekly.title")
    assert figure.layout.xaxis.title.text == "Nedelja"
    assert [trace.marker.color for trace in figure.data][:1] == [charts.PALETTE[4]]


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
