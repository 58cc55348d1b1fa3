"""The Sankey diagram of a group's paths: its flows are exactly the analysis's links, the
recommended path is marked by colour and in words, endings sit in the last column."""

from __future__ import annotations

from courseware.analytics.case_paths import analyse_paths
from courseware.case_graph import path_sankey
from courseware.content.quiz import load_quiz
from courseware.i18n import Translator
from tests.quiz_files import BRANCHING, quiz_yaml


def english(text) -> str:
    return text["en"] if isinstance(text, dict) else str(text)


def test_the_sankey_draws_the_flows_of_the_paths_with_the_recommended_path_marked():
    case = load_quiz(quiz_yaml(BRANCHING).encode(), "sample.yaml").value.leaf("case-girl")
    analysis = analyse_paths(
        case,
        [
            (["ask-alone", "call-centre", "involve-guardian"], 2),
            (["call-police", "go-on"], 3),
            (["ask-alone", "let-go"], 1),
        ],
    )
    figure = path_sankey(case, analysis.links, english, Translator("en"))
    [sankey] = figure.data
    # Each step is named by the start of its text: back to its id, for the test.
    named = {english(step.text)[:16]: step.id for step in case.steps}
    nodes = [named[label[:16]] for label in sankey.node.label]
    flows = {
        (nodes[s], nodes[t]): v
        for s, t, v in zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True)
    }
    assert flows == {
        ("meet", "safety"): 3,
        ("meet", "police-first"): 3,
        ("safety", "centre"): 2,
        ("safety", "lost"): 1,
        ("centre", "referred"): 2,
        ("police-first", "partial"): 3,
    }
    # The recommended flows are green and say so; the others are grey.
    marked = [
        (nodes[s], "recommended" in words, colour.startswith("rgba(0,158,115"))
        for s, words, colour in zip(
            sankey.link.source, sankey.link.customdata, sankey.link.color, strict=True
        )
    ]
    assert marked == [
        ("meet", True, True),
        ("meet", False, False),
        ("safety", True, True),
        ("safety", False, False),
        ("centre", True, True),
        ("police-first", False, False),
    ]
    # Endings carry their credit and stand in the last column, right of every step.
    x = dict(zip(nodes, sankey.node.x, strict=True))
    assert "She is referred and safe. (100%)" in sankey.node.label
    assert "She leaves with the men. (0%)" in sankey.node.label
    assert "She tells you she owes money to…" in sankey.node.label
    assert min(x["referred"], x["partial"], x["lost"]) > max(x["meet"], x["safety"], x["centre"])
    assert figure.layout.title.text.startswith(
        "Where the answers went<br><sub>Green: the recommended"
    )
