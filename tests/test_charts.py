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


def test_a_suppressed_cell_shows_as_fewer_than_five():
    table = pd.DataFrame({"org": ["A", "B"], "module": ["m", "m"], "rate": [0.8, None]})
    figure = charts.share_heatmap(
        table,
        x="module",
        y="org",
        value="rate",
        title="T",
        x_title=None,
        y_title=None,
        hidden_text="fewer than 5",
    )
    assert [list(row) for row in figure.data[0].text] == [["80%"], ["fewer than 5"]]
