"""The quiz player, the review of a submitted attempt, and practice knowledge checks.

Each answer goes to the database the moment it changes. If the database cannot be reached,
the answer waits in the session and is saved again on every run (and every few seconds) until
it lands; the learner sees that it is not saved yet, never that it is lost.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

import streamlit as st

from courseware.content.questions import Question
from courseware.content.questions.free_text import CONTACT_DETAILS_REFUSED
from courseware.content.quiz import Quiz
from courseware.grading.timing import warning_due
from courseware.store.attempts import (
    AttemptView,
    attempt_deadline,
    attempts_left,
    get_attempt,
    list_attempts,
    save_answer,
    start_attempt,
    submit_attempt,
)
from courseware.store.errors import Rejected, Unavailable
from courseware.store.regrade_history import regrade_notices
from courseware.store.timing import my_time_limit
from courseware.ui import components
from courseware.ui.assistive import focus_on, key_selector, live_region, question_box_key
from courseware.ui.context import PageContext
from courseware.ui.questions import Rendering, Review, render_question, review_question
from courseware.ui.routes import Page, go, link
from courseware.ui.safe_text import plain

PENDING = "pending_answers"
# Why the store refused an answer, for the next run of the whole page to show.
SAVE_REFUSED = "save_refused"
# Set by a question's save when the answer did not land as given: that question's own rerun
# turns into a run of the whole page, which shows the notice or the reason at the top.
RUN_WHOLE_PAGE = "run_whole_page"
# Some answer waited to be saved on this page: once all have landed, the page says so.
HAD_UNSAVED = "had_unsaved"
# The attempt just submitted, whose review takes the keyboard focus when it opens.
FOCUS_REVIEW = "focus_review"
# The attempt's time ran out while its page was open: the review says so.
TIME_UP = "time_up"
# How many times each answer (attempt id, question id) landed in this session: the question
# says so in its live region (see _saved_status).
SAVES = "answer_saves"
# The answers given on this page in this session, as they landed: a question's own rerun
# counts the answered questions with them (its `answers` are as the page was last run whole).
GIVEN = "answers_given"
# The learner's choice of one question per screen (kept when the quiz page is left), and the
# question each attempt's screen shows.
ONE_PER_SCREEN = "one_per_screen"
PREFERS_ONE_PER_SCREEN = "prefers_one_per_screen"
SCREEN = "screen"
# The question a move to another screen put on it, which takes the keyboard focus.
MOVED_TO = "moved_to_question"
SCORED_KINDS = ("final", "posttest", "retention")


def _pending() -> dict[tuple[int, str], Any]:
    return st.session_state.setdefault(PENDING, {})


def flush_pending(ctx: PageContext) -> bool:
    """Save the answers still waiting; True when none is left."""
    pending = _pending()
    for (attempt_id, question_id), answer in list(pending.items()):
        try:
            save_answer(ctx.db, ctx.actor, attempt_id, question_id, answer)
        except Unavailable:
            return False
        except Rejected as error:
            # The store's reasons are in English; the one a learner can meet in a survey's
            # free text (contact details written in it) is shown in the learner's language.
            refused = str(error)
            if CONTACT_DETAILS_REFUSED in refused:
                refused = ctx.t("quiz.remove_contact_details")
            st.session_state[SAVE_REFUSED] = refused
        del pending[(attempt_id, question_id)]
    return True


def _saver(ctx: PageContext, attempt_id: int):
    def save(question_id: str, answer: Any) -> bool:
        """False when the store refused the answer (a waiting one counts as accepted)."""
        _pending()[(attempt_id, question_id)] = answer
        if not flush_pending(ctx) or SAVE_REFUSED in st.session_state:
            st.session_state[RUN_WHOLE_PAGE] = True
        else:
            saves = st.session_state.setdefault(SAVES, {})
            saves[(attempt_id, question_id)] = saves.get((attempt_id, question_id), 0) + 1
            st.session_state.setdefault(GIVEN, {})[(attempt_id, question_id)] = answer
        return SAVE_REFUSED not in st.session_state

    return save


@st.fragment(run_every=5)
def _retry_unsaved(ctx: PageContext) -> None:
    if _pending() and not flush_pending(ctx):
        st.warning(ctx.t("quiz.not_saved_yet", count=len(_pending())), icon=":material/cloud_off:")
    elif st.session_state.pop(HAD_UNSAVED, False):
        st.success(ctx.t("quiz.saved_now"), icon=":material/check_circle:")
    if _pending():
        st.session_state[HAD_UNSAVED] = True


@st.fragment(run_every=5)
def wait_for_database(ctx: PageContext) -> None:
    """Shown where a page could not be read because the database cannot be reached. Retries
    the answers waiting to be saved; once the database answers again, runs the whole page
    again (the quiz page then says that the answers are saved)."""
    if not flush_pending(ctx):
        st.session_state[HAD_UNSAVED] = True
        st.warning(ctx.t("quiz.not_saved_yet", count=len(_pending())), icon=":material/cloud_off:")
    elif ctx.db.reachable():
        st.rerun(scope="app")
    else:
        st.warning(ctx.t("outage.database_unavailable"), icon=":material/cloud_off:")


def _answers_with_pending(attempt: AttemptView) -> dict[str, Any]:
    answers = dict(attempt.answers)
    for (attempt_id, question_id), answer in _pending().items():
        if attempt_id == attempt.id:
            answers[question_id] = answer
    return answers


def _open_attempt(ctx: PageContext, quiz_id: str) -> AttemptView | None:
    for summary in reversed(list_attempts(ctx.db, ctx.actor, ctx.actor.user_id, quiz_id)):
        if summary.state == "in_progress":
            return get_attempt(ctx.db, ctx.actor, summary.id)
    return None


def _before_start(ctx: PageContext, quiz: Quiz) -> None:
    t = ctx.t
    if quiz.description:
        st.markdown(ctx.text(quiz.description))
    facts = [t("quiz.questions", count=quiz.draw or len(quiz.questions))]
    if quiz.kind in SCORED_KINDS:
        facts.append(t("quiz.pass_mark", mark=f"{float(quiz.pass_mark):.0%}"))
    left = attempts_left(ctx.db, ctx.actor, quiz)
    facts.append(
        t("quiz.attempts_unlimited") if left is None else t("quiz.attempts_left", count=left)
    )
    if quiz.time_limit_minutes:
        facts.append(_time_for_you(ctx, quiz))
    st.markdown("\n".join(f"- {fact}" for fact in facts))
    if left == 0:
        st.warning(t("quiz.no_attempts_left"))
        return
    started = st.button(t("quiz.start"), type="primary") and components.attempt(
        ctx, lambda: start_attempt(ctx.db, ctx.actor, quiz)
    )
    if started:
        st.rerun()


def _time_for_you(ctx: PageContext, quiz: Quiz) -> str:
    """The learner's own limit, which a trainer may have made longer or lifted."""
    t, limit = ctx.t, quiz.time_limit_minutes
    minutes = my_time_limit(ctx.db, ctx.actor, quiz)
    if minutes is None:
        return t("quiz.no_time_limit_for_you", limit=limit)
    if minutes > limit:
        return t("quiz.time_for_you_more", minutes=minutes, limit=limit)
    return t("quiz.time_for_you", minutes=minutes)


def _unanswered(attempt: AttemptView, answers: dict[str, Any]) -> int:
    """Questions without an answer, or not finished (a branching case short of an ending)."""
    chosen = set(attempt.layout.question_ids)
    leaves = [
        leaf
        for question in attempt.quiz.questions
        if question.id in chosen
        for leaf in question.leaves()
    ]
    return sum(not leaf.finished(answers.get(leaf.id)) for leaf in leaves)


def _answered(attempt: AttemptView, answers: dict[str, Any]) -> int:
    """Questions of the attempt whose every part is answered (a case to its ending)."""
    given = st.session_state.get(GIVEN, {})
    latest = answers | {q: a for (at, q), a in given.items() if at == attempt.id}
    chosen = set(attempt.layout.question_ids)
    return sum(
        all(leaf.finished(latest.get(leaf.id)) for leaf in question.leaves())
        for question in attempt.quiz.questions
        if question.id in chosen
    )


def _questions(ctx: PageContext, attempt: AttemptView, answers: dict[str, Any], disabled=False):
    st.session_state.pop(RUN_WHOLE_PAGE, None)  # this is one
    by_id = {q.id: q for q in attempt.quiz.questions}
    total = len(attempt.layout.question_ids)
    for number, question_id in enumerate(attempt.layout.question_ids, start=1):
        _question(ctx, attempt, by_id[question_id], number, total, answers, disabled)


def _prefers_one_per_screen() -> bool:
    """The learner's last choice; at first, yes on a phone (its browser says "Mobi", as
    browsers advise to look for), where a long quiz is one long scroll."""
    if PREFERS_ONE_PER_SCREEN not in st.session_state:
        agent = st.context.headers.get("User-Agent") or ""
        st.session_state[PREFERS_ONE_PER_SCREEN] = "Mobi" in agent
    return st.session_state[PREFERS_ONE_PER_SCREEN]


def _one_per_screen_switch(ctx: PageContext) -> bool:
    def keep() -> None:
        st.session_state[PREFERS_ONE_PER_SCREEN] = st.session_state[ONE_PER_SCREEN]

    return st.toggle(
        ctx.t("quiz.one_per_screen"),
        value=_prefers_one_per_screen(),
        key=ONE_PER_SCREEN,
        on_change=keep,
        help=ctx.t("quiz.one_per_screen_help"),
    )


def _one_screen(ctx: PageContext, attempt: AttemptView, answers: dict[str, Any]) -> None:
    """One question, with how many are answered, and the way to the previous and the next;
    Submit follows on every screen, so it is never at the end of a long scroll."""
    st.session_state.pop(RUN_WHOLE_PAGE, None)  # this is one
    ids = attempt.layout.question_ids
    screens = st.session_state.setdefault(SCREEN, {})
    place = min(max(screens.get(attempt.id, 0), 0), len(ids) - 1)

    def move(to: int) -> None:
        screens[attempt.id] = to
        st.session_state[MOVED_TO] = (attempt.id, ids[to])

    question = next(q for q in attempt.quiz.questions if q.id == ids[place])
    _question(ctx, attempt, question, place + 1, len(ids), answers, False, progress=True)
    back, forward = st.columns(2)
    back.button(
        ctx.t("quiz.previous"),
        icon=":material/arrow_back:",
        disabled=place == 0,
        on_click=move,
        args=(place - 1,),
        width="stretch",
    )
    forward.button(
        ctx.t("quiz.next"),
        icon=":material/arrow_forward:",
        disabled=place == len(ids) - 1,
        on_click=move,
        args=(place + 1,),
        width="stretch",
    )
    if st.session_state.get(MOVED_TO) == (attempt.id, question.id):
        del st.session_state[MOVED_TO]
        # The pressed button may be gone (the last screen has no Next): the question takes it.
        focus_on(key_selector(_question_key(attempt, question)), occasion=question.id)


def _question_key(attempt: AttemptView, question: Question) -> str:
    return question_box_key(attempt.id, question.id)


def _show_save_trouble() -> None:
    """In a run of the whole page: why an answer was refused (answers not saved yet have a
    notice of their own, shown while they wait)."""
    refused = st.session_state.pop(SAVE_REFUSED, None)
    if refused:
        st.error(plain(refused))


@st.fragment
def _question(
    ctx: PageContext,
    attempt: AttemptView,
    question: Question,
    number: int,
    total: int,
    answers: dict[str, Any],
    disabled: bool,
    progress: bool = False,
) -> None:
    """One question as a fragment: answering it reruns this question only, not the whole
    page, so a click costs the same on a long quiz as on a short one. (`answers` is as the
    page was last run whole; a widget keeps what the learner entered since.) With `progress`
    (one question per screen), how many are answered, counted again on each answer."""
    if progress:
        answered = _answered(attempt, answers)
        st.progress(
            answered / total, text=ctx.t("quiz.answered_of", answered=answered, total=total)
        )
    with st.container(border=True, key=_question_key(attempt, question)):
        st.caption(ctx.t("quiz.question_number", number=number, total=total))
        render_question(
            question,
            Rendering(
                orders=attempt.layout.option_orders,
                saved=answers,
                key_prefix=f"attempt-{attempt.id}",
                text=ctx.text,
                t=ctx.t,
                save=_saver(ctx, attempt.id),
                disabled=disabled,
                practice=attempt.quiz.practice,
            ),
        )
        _saved_status(ctx, attempt.id, [leaf.id for leaf in question.leaves()])
    if st.session_state.pop(RUN_WHOLE_PAGE, False):
        st.rerun(scope="app")


def _saved_status(ctx: PageContext, attempt_id: int, leaf_ids: list[str]) -> None:
    """Says "Answer saved" under a question once an answer to it landed, for those who cannot
    see that nothing went wrong. Its two wordings take turns, so that a second save of the same
    question changes the text and is announced again; an answer still waiting says so."""
    if any((attempt_id, leaf_id) in _pending() for leaf_id in leaf_ids):
        text = ctx.t("quiz.answer_waiting")
    else:
        saves = st.session_state.get(SAVES, {})
        count = sum(saves.get((attempt_id, leaf_id), 0) for leaf_id in leaf_ids)
        text = "" if not count else ctx.t(f"quiz.answer_saved.{count % 2}")
    live_region(text, "cw-answer-status")


def _submit(ctx: PageContext, attempt: AttemptView) -> AttemptView | None:
    if not flush_pending(ctx):
        st.error(ctx.t("quiz.cannot_submit_unsaved"))
        return None
    return components.attempt(ctx, lambda: submit_attempt(ctx.db, ctx.actor, attempt.id))


@st.fragment(run_every=15)
def _time_left(ctx: PageContext, attempt_id: int, deadline: datetime) -> None:
    """Kept current by itself: answering reruns only the question answered. Every 15 s, so
    that a warning comes at most that late. Each run reads the deadline again (one row): a
    trainer may give more time, or lift the limit, while the quiz is open. While the database
    cannot be reached, the deadline last read stands.

    The minutes are plain text, not a live region (an `st.info` is one), or a screen reader
    would read them out every minute. The warnings at five minutes and at one go to a polite
    live region (see live_region); its text stays the same until the next warning, so each
    is read once."""
    t = ctx.t
    with contextlib.suppress(Unavailable):
        deadline = attempt_deadline(ctx.db, ctx.actor, attempt_id)
    if deadline is None:
        st.markdown(f":material/timer_off: {t('quiz.no_time_limit_now')}")
        live_region("", "cw-time-warning")
        return
    seconds = (deadline - ctx.db.now()).total_seconds()
    st.markdown(f":material/timer: {t('quiz.time_left', minutes=max(0, int(seconds // 60)))}")
    due = warning_due(seconds)
    # One message per threshold of grading.timing.WARNING_SECONDS: quiz.time_warning.300, .60.
    text = "" if due is None else t(f"quiz.time_warning.{due}")
    if seconds <= 0:
        text = t("quiz.time_up")
    live_region(text, "cw-time-warning")
    if seconds <= 0:
        # The page read again closes the attempt and shows its review (see quiz_page).
        st.rerun(scope="app")


def _in_progress(ctx: PageContext, attempt: AttemptView) -> None:
    t = ctx.t
    if attempt.deadline is not None:
        _time_left(ctx, attempt.id, attempt.deadline)
    st.caption(t("quiz.autosave"))
    # Only while there is something to retry or to report: a timer on every open quiz page
    # would rerun it every few seconds for every learner.
    if _pending() or st.session_state.get(HAD_UNSAVED):
        _retry_unsaved(ctx)
    answers = _answers_with_pending(attempt)
    if _one_per_screen_switch(ctx):
        _one_screen(ctx, attempt, answers)
    else:
        _questions(ctx, attempt, answers)

    confirm_key = f"confirm-submit-{attempt.id}"
    unanswered = _unanswered(attempt, answers)
    if st.session_state.get(confirm_key):
        st.warning(t("quiz.unanswered_warning", count=unanswered))
        submit_anyway, keep = st.columns(2)
        if submit_anyway.button(t("quiz.submit_anyway"), type="primary", use_container_width=True):
            submitted = _submit(ctx, attempt)
            if submitted is not None:
                st.session_state.pop(confirm_key, None)
                _to_review(submitted)
        if keep.button(t("quiz.keep_answering"), use_container_width=True):
            st.session_state.pop(confirm_key, None)
            st.rerun()
    elif st.button(t("quiz.submit"), type="primary"):
        if unanswered:
            st.session_state[confirm_key] = True
            st.rerun()
        submitted = _submit(ctx, attempt)
        if submitted is not None:
            _to_review(submitted)


def _to_review(submitted: AttemptView) -> None:
    st.session_state[FOCUS_REVIEW] = submitted.id
    go(Page.REVIEW, attempt=str(submitted.id))


def quiz_page(ctx: PageContext) -> None:
    t = ctx.t
    quiz_id = st.query_params.get("quiz", "")
    quiz = ctx.catalog.quizzes.get(quiz_id)
    open_attempt = _open_attempt(ctx, quiz_id) if quiz_id else None
    if quiz is None and open_attempt is None:
        st.warning(t("content.unavailable"))
        link(Page.LEARNING, t("nav.my_learning"))
        return
    if open_attempt is not None and open_attempt.state != "in_progress":
        # Closed as it was read (its time ran out) or just now in another tab: its result,
        # and, when the deadline closed it, why.
        st.session_state[TIME_UP] = open_attempt.submitted_at == open_attempt.deadline
        _to_review(open_attempt)
    # An attempt in progress is shown as it was started, even if the file changed since.
    shown = open_attempt.quiz if open_attempt is not None else quiz
    st.title(ctx.text(shown.title))
    link(Page.LEARNING, t("nav.my_learning"), icon=":material/arrow_back:")
    _show_save_trouble()
    if open_attempt is None:
        _before_start(ctx, quiz)
    else:
        _in_progress(ctx, open_attempt)


def _score_line(ctx: PageContext, attempt: AttemptView) -> None:
    t = ctx.t
    if attempt.points is None:
        st.success(t("review.survey_thanks"))
        return
    share = f" ({float(attempt.points / attempt.max_points):.0%})" if attempt.max_points else ""
    st.metric(
        t("review.score"), components.score_text(ctx.t, attempt.points, attempt.max_points) + share
    )
    if attempt.quiz.kind in SCORED_KINDS:
        if attempt.passed:
            st.success(t("review.passed"))
        else:
            st.warning(t("review.not_passed"))


def show_feedback(ctx: PageContext, attempt: AttemptView) -> None:
    """Each question with the learner's answer, the right answer, feedback and sources."""
    t = ctx.t
    by_id = {q.id: q for q in attempt.quiz.questions}
    review = Review(answers=attempt.answers, points=attempt.question_points, text=ctx.text, t=t)
    # A question removed by a regrade is no longer part of the attempt.
    shown = [question_id for question_id in attempt.layout.question_ids if question_id in by_id]
    for number, question_id in enumerate(shown, start=1):
        with st.container(border=True):
            st.caption(t("quiz.question_number", number=number, total=len(shown)))
            review_question(by_id[question_id], review)


def _regrade_notices(ctx: PageContext, attempt: AttemptView) -> None:
    """What each regrade of the attempt changed, and why."""
    t = ctx.t
    notices = components.attempt(ctx, lambda: regrade_notices(ctx.db, ctx.actor, attempt.id))
    for notice in notices or []:
        old = components.score_text(ctx.t, notice.old_points, notice.old_max_points)
        new = components.score_text(ctx.t, notice.new_points, notice.new_max_points)
        values = {"date": t.date(notice.at.date()), "old": old, "reason": notice.reason}
        text = (
            t("review.regraded", new=new, **values)
            if notice.score_changed
            else t("review.regraded_same", **values)
        )
        if notice.new_passed != notice.old_passed:
            passed = "review.regraded_passed" if notice.new_passed else "review.regraded_not_passed"
            text += " " + t(passed)
        st.info(text, icon=":material/published_with_changes:")


def review_page(ctx: PageContext) -> None:
    t = ctx.t
    try:
        attempt_id = int(st.query_params.get("attempt", ""))
    except ValueError:
        st.warning(t("review.unknown"))
        return
    attempt = components.attempt(ctx, lambda: get_attempt(ctx.db, ctx.actor, attempt_id))
    if attempt is None:
        return
    st.title(ctx.text(attempt.quiz.title))
    if st.session_state.get(FOCUS_REVIEW) == attempt.id:
        # Just submitted: the Submit button pressed is gone, the review's title takes the focus.
        del st.session_state[FOCUS_REVIEW]
        focus_on("[data-testid='stMain'] h1", occasion=str(attempt.id))
    link(Page.LEARNING, t("nav.my_learning"), icon=":material/arrow_back:")
    if attempt.state != "submitted":
        link(Page.QUIZ, t("review.continue_attempt"), quiz=attempt.quiz_id)
        return
    if st.session_state.pop(TIME_UP, False):
        st.info(t("quiz.time_up"), icon=":material/timer_off:")
    _score_line(ctx, attempt)
    _regrade_notices(ctx, attempt)
    show_feedback(ctx, attempt)
    if attempt.quiz_id in ctx.catalog.quizzes:
        link(Page.QUIZ, t("review.back_to_quiz"), quiz=attempt.quiz_id)


def knowledge_check(ctx: PageContext, quiz: Quiz) -> None:
    """Practice: answers are saved like any attempt; checking shows feedback at once and
    the learner may try again as often as they like. No score, no pass or fail."""
    t = ctx.t
    _show_save_trouble()
    attempt = _open_attempt(ctx, quiz.id)
    result_key = f"check-result-{quiz.id}"
    if attempt is None and result_key in st.session_state:
        result = components.attempt(
            ctx, lambda: get_attempt(ctx.db, ctx.actor, st.session_state[result_key])
        )
        if result is not None:
            show_feedback(ctx, result)
        if st.button(t("check.try_again"), key=f"again-{quiz.id}"):
            st.session_state.pop(result_key)
            components.attempt(ctx, lambda: start_attempt(ctx.db, ctx.actor, quiz))
            st.rerun()
        return
    if attempt is None:
        if st.button(t("check.start"), key=f"start-{quiz.id}"):
            components.attempt(ctx, lambda: start_attempt(ctx.db, ctx.actor, quiz))
            st.rerun()
        return
    _questions(ctx, attempt, _answers_with_pending(attempt))
    if st.button(t("check.check_answers"), type="primary", key=f"check-{quiz.id}"):
        submitted = _submit(ctx, attempt)
        if submitted is not None:
            st.session_state[result_key] = submitted.id
            st.rerun()
