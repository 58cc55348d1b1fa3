"""Spaced practice on the learner's pages: the sets on My learning (due now, due on a date,
done) and the practice page, which shows one set with the quiz's question widgets, saves each
answer as it is given, shows the feedback of a question once the learner checks it, and the
learner's results by topic over time."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from courseware.store.errors import Rejected, Unavailable
from courseware.store.practice import (
    LearnerPractice,
    PracticeItemView,
    check_practice_item,
    my_practice,
    my_tag_history,
    practice_set,
    save_practice_answer,
)
from courseware.ui import components
from courseware.ui.context import PageContext
from courseware.ui.questions import Rendering, Review, render_question, review_question
from courseware.ui.routes import Page, link
from courseware.ui.safe_text import plain

# Answers given while the database could not be reached, by (set, item, question): saved
# again on every run until they land, never dropped.
PENDING = "practice_pending"
# Answers that landed in this session: a question's own rerun reads no database, so it
# counts them with what the page read when it was last run whole.
GIVEN = "practice_given"
REFUSED = "practice_refused"


def _practice(ctx: PageContext) -> LearnerPractice | None:
    course = ctx.catalog.course
    if course is None or course.practice is None:
        return None
    return my_practice(ctx.db, ctx.actor, course.practice, ctx.catalog.quizzes)


def practice_steps(ctx: PageContext) -> None:
    """My learning, after the certificate: each practice set, due now (with its link), due
    on a date, or done."""
    t = ctx.t
    practice = _practice(ctx)
    if practice is None:
        return
    st.subheader(t("learning.practice"))
    st.caption(t("learning.practice.intro"))
    for status in practice.sets:
        title = t("practice.set", number=status.number)
        with st.container(border=True):
            if status.done:
                st.markdown(f":material/check_circle: **{title}** · {t('learning.followup.done')}")
            elif status.due(practice.today):
                st.markdown(
                    f":material/notifications: **{title}** · {t('learning.followup.due_now')}"
                )
                set_id = str(practice.made[status.number])
                start = t("learning.practice.start")
                link(Page.PRACTICE, start, ":material/fitness_center:", set=set_id)
            else:
                due = t("learning.followup.due_on", date=t.date(status.due_on))
                st.markdown(f":material/event: **{title}** · {due}")


def _pending() -> dict[tuple[int, int, str], Any]:
    return st.session_state.setdefault(PENDING, {})


def _flush(ctx: PageContext) -> None:
    for (set_id, position, question_id), answer in list(_pending().items()):
        try:
            save_practice_answer(ctx.db, ctx.actor, set_id, position, question_id, answer)
        except Unavailable:
            return
        except Rejected as error:
            st.session_state[REFUSED] = str(error)
        else:
            st.session_state.setdefault(GIVEN, {})[(set_id, position, question_id)] = answer
        del _pending()[(set_id, position, question_id)]


def _saver(ctx: PageContext, set_id: int, position: int):
    def save(question_id: str, answer: Any) -> bool:
        _pending()[(set_id, position, question_id)] = answer
        _flush(ctx)
        return REFUSED not in st.session_state

    return save


def _check(ctx: PageContext, set_id: int, position: int) -> None:
    try:
        checked = components.succeeded(
            ctx, lambda: check_practice_item(ctx.db, ctx.actor, set_id, position)
        )
    except Unavailable:
        st.warning(ctx.t("outage.database_unavailable"), icon=":material/cloud_off:")
        return
    if checked:
        st.rerun(scope="app")


@st.fragment
def _item(ctx: PageContext, set_id: int, item: PracticeItemView, total: int) -> None:
    """One question as a fragment: answering it reruns it alone, without reading the
    database (`item` is as the page was last run whole; checking it runs the page again)."""
    t = ctx.t
    position, question = item.position, item.question
    with st.container(border=True, key=f"practice-{set_id}-{position}"):
        st.caption(t("quiz.question_number", number=position + 1, total=total))
        if item.checked:
            review_question(question, Review(item.answers, item.question_points, ctx.text, t))
            return
        answers = dict(item.answers)
        for landed in (st.session_state.get(GIVEN, {}), _pending()):
            answers.update(
                {q: a for (s, p, q), a in landed.items() if (s, p) == (set_id, position)}
            )
        render_question(
            question,
            Rendering(
                orders={},
                saved=answers,
                key_prefix=f"practice-{set_id}-{position}",
                text=ctx.text,
                t=t,
                save=_saver(ctx, set_id, position),
                practice=True,
            ),
        )
        if any((set_id, position, leaf.id) in _pending() for leaf in question.leaves()):
            st.warning(t("quiz.answer_waiting"), icon=":material/cloud_off:")
        refused = st.session_state.pop(REFUSED, None)
        if refused:
            st.error(plain(refused))
        finished = all(leaf.finished(answers.get(leaf.id)) for leaf in question.leaves())
        if st.button(t("practice.check"), key=f"check-{set_id}-{position}", disabled=not finished):
            _check(ctx, set_id, position)


def _history(ctx: PageContext) -> None:
    """The learner's share per topic at the end of the course and in each set since."""
    t = ctx.t
    history = my_tag_history(ctx.db, ctx.actor)
    if not history:
        return
    st.subheader(t("practice.history"))
    column = {0: t("practice.history.course")}
    table = pd.DataFrame(
        {
            "tag": [p.tag for p in history],
            "when": [column.get(p.number) or t("practice.set", number=p.number) for p in history],
            "share": [f"{t.number(round(100 * float(p.share)))} %" for p in history],
        }
    )
    order = list(dict.fromkeys(table["when"]))
    wide = table.pivot(index="tag", columns="when", values="share")[order].fillna("–")
    st.dataframe(wide.rename_axis(t("dash.column.tag")), width="stretch")
    st.caption(t("practice.history.note"))


def practice_page(ctx: PageContext) -> None:
    t = ctx.t
    st.title(t("nav.practice"))
    link(Page.LEARNING, t("nav.my_learning"), icon=":material/arrow_back:")
    _flush(ctx)
    practice = _practice(ctx)
    requested = st.query_params.get("set", "")
    set_id = int(requested) if requested.isdigit() else practice and practice.next_due()
    if not set_id:
        st.info(t("practice.none_due"))
        _history(ctx)
        return
    view = components.attempt(ctx, lambda: practice_set(ctx.db, ctx.actor, set_id))
    if view is None:
        return
    st.subheader(t("practice.set", number=view.number))
    st.caption(t("practice.not_graded"))
    for item in view.items:
        _item(ctx, set_id, item, len(view.items))
    if view.finished_at is not None:
        earned = sum(item.points for item in view.items)
        possible = sum(item.max_points for item in view.items)
        st.success(t("practice.finished", earned=t.number(earned), total=t.number(possible)))
    _history(ctx)
