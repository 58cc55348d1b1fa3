"""Each report chart's one-sentence summary, exact, in English and Serbian."""

from datetime import date

import pandas as pd

from courseware import chart_summaries
from courseware.i18n import Translator

EN, SR = Translator("en"), Translator("sr")


def test_the_funnel_says_how_many_reached_the_last_stage():
    stages = pd.DataFrame(
        {"label": ["Enrolled", "Pre-test", "Certificate"], "learners": [40, 30, 10]}
    )
    assert chart_summaries.funnel(stages, EN) == (
        "40 learners at “Enrolled”; 10 of them (25%) at “Certificate”."
    )


def test_a_grid_of_shares_names_its_highest_and_lowest_cell_leaving_hidden_ones_out():
    grid = pd.DataFrame(
        {
            "organisation": ["Atina", "Atina", "Praxis", "Tiny"],
            "module": ["Law", "Referral", "Law", "Law"],
            "pass_rate": [0.9, 0.55, 0.75, None],
        }
    )
    assert chart_summaries.shares(
        grid, "organisation", "module", "pass_rate", EN, "summary.pass_rates"
    ) == ("Highest pass rate: 90% (Atina, Law); lowest: 55% (Atina, Referral).")
    assert chart_summaries.shares(
        grid, "organisation", "module", "pass_rate", SR, "summary.pass_rates"
    ) == ("Najveća prolaznost: 90% (Atina, Law); najmanja: 55% (Atina, Referral).")


def test_knowledge_gain_names_the_largest_and_smallest_rise():
    groups = pd.DataFrame(
        {
            "label": ["Atina", "Praxis", "Centre"],
            "mean_pre": [0.4, 0.5, 0.6],
            "mean_post": [0.8, 0.6, 0.9],
        }
    )
    assert chart_summaries.gain(groups, EN) == (
        "Largest rise: Atina, from 40% to 80%; smallest: Praxis, from 50% to 60%."
    )
    assert chart_summaries.gain(groups.iloc[[2]], EN) == (
        "Centre: mean score 60% before the course and 90% after it."
    )


def test_the_busiest_week_and_the_hardest_question():
    weeks = pd.DataFrame(
        {"week": [date(2026, 11, 2), date(2026, 11, 9)], "attempts": [12, 30], "learners": [10, 18]}
    )
    assert chart_summaries.weekly(weeks, EN) == (
        "The busiest was the week of 2026-11-09: 30 attempts by 18 learners."
    )
    assert chart_summaries.weekly(weeks, SR) == (
        "Najaktivnija je bila nedelja od 09.11.2026.: pokušaja 30, polaznika 18."
    )
    questions = pd.DataFrame(
        {
            "question": ["Who identifies?", "Is consent relevant?"],
            "facility": [0.35, 0.8],
            "flagged": [True, False],
        }
    )
    assert chart_summaries.items(questions, EN) == (
        "1 of 2 questions are flagged for checking; the hardest is “Who identifies?” "
        "(35% of its points earned)."
    )


def test_the_survey_names_the_questions_rated_highest_and_lowest_with_a_decimal_comma():
    counts = pd.DataFrame(
        {
            "question": ["Useful", "Useful", "Clear", "Clear"],
            "answer": [5, 4, 2, 3],
            "count": [3, 1, 1, 1],
        }
    )
    assert chart_summaries.likert(counts, 5, EN) == (
        "Rated highest: “Useful” (mean 4.8 of 5); lowest: “Clear” (mean 2.5)."
    )
    assert chart_summaries.likert(counts, 5, SR) == (
        "Najbolje ocenjeno: „Useful” (prosek 4,8 od 5); najslabije: „Clear” (prosek 2,5)."
    )


def test_with_nothing_to_sum_up_the_sentence_is_empty():
    empty = pd.DataFrame({"label": [], "learners": []})
    assert chart_summaries.funnel(empty, EN) == ""
    hidden = pd.DataFrame({"x": ["a"], "y": ["b"], "share": [None]})
    assert chart_summaries.shares(hidden, "x", "y", "share", EN, "summary.scores") == ""
    assert (
        chart_summaries.likert(pd.DataFrame({"question": [], "answer": [], "count": []}), 5, EN)
        == ""
    )


def test_the_retention_curve_says_where_the_paired_learners_started_peaked_and_ended():
    points = pd.DataFrame({"n": [6, 6, 6, 6], "mean": [0.25, 0.875, 0.75, 0.625]})
    assert chart_summaries.retention(points, 90, EN) == (
        "The 6 learners who took every check scored 25% on average before the course, "
        "88% at the post-test and 62% after 90 days."
    )
    assert chart_summaries.retention(points, 90, SR).startswith(
        "Polaznici koji su rešili sve provere (broj: 6) imali su u proseku 25% pre kursa"
    )
    # A hidden point (too few learners) leaves the sentence out rather than half of it.
    hidden = points.assign(mean=[0.25, None, None, None])
    assert chart_summaries.retention(hidden, 90, EN) == ""
