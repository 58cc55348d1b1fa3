import sqlite3

import pytest
from sqlalchemy import func, select

from courseware.access import COMMAND_LINE, PermissionDenied
from courseware.content.catalog import load_catalog
from courseware.demo import DEMO_PASSWORD, PILOT_GROUP, SMALL_COHORT
from courseware.grading import build_layout, score_quiz
from courseware.practice import pool
from courseware.settings import REPO_ROOT
from courseware.store import summaries
from courseware.store.accounts import (
    create_account,
)
from courseware.store.actors import actor_for
from courseware.store.auth import sign_in
from courseware.store.bulk import DatabaseNotEmpty, load_demo
from courseware.store.database import Database
from courseware.store.followup import my_followup
from courseware.store.migrate import upgrade_database
from courseware.store.models import (
    Answer,
    Base,
    Certificate,
    Cohort,
    Enrolment,
    PracticeItem,
    PracticeSet,
    QuizAttempt,
    QuizVersion,
    User,
)
from courseware.store.practice import my_practice
from tests.databases import settings_for

LEARNERS = 60


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO_ROOT)


def _scalar(db, query):
    return db.read(lambda tx: tx.session.scalar(query))


def _rows(db, query):
    return db.read(lambda tx: [tuple(row) for row in tx.session.execute(query)])


def _table_counts(db):
    return {
        table.name: _scalar(db, select(func.count()).select_from(table))
        for table in Base.metadata.sorted_tables
    }


def _first_rows(db):
    answers = select(Answer.__table__).order_by(Answer.id).limit(30)
    attempts = select(QuizAttempt.__table__).order_by(QuizAttempt.id).limit(10)
    users = select(User.email, User.display_name, User.role).order_by(User.id).limit(10)
    return _rows(db, answers), _rows(db, attempts), _rows(db, users)


def _scores(db, quiz_id):
    rows = _rows(
        db,
        select(QuizAttempt.points, QuizAttempt.max_points).where(QuizAttempt.quiz_id == quiz_id),
    )
    return [points / max_points for points, max_points in rows]


def test_the_rows_hang_together(db, catalog):
    summary = load_demo(db, LEARNERS, seed=3, catalog=catalog)

    counts = _table_counts(db)
    assert {table: counts[table] for table in summary.counts} == summary.counts
    # The finals; pre, post and survey; the follow-up plan's quizzes; the knowledge checks
    # practice sets draw from.
    course = catalog.course
    checks = {c.item.quiz_id for c in pool(catalog.quizzes.values())} - {
        catalog.modules[module].final for module in course.modules
    }
    assert checks
    expected = len(course.modules) + 3 + len(course.followup) + len(checks)
    assert counts["quiz_versions"] == expected
    for version in (QuizAttempt.content_version, PracticeItem.content_version):
        missing = select(func.count()).where(~version.in_(select(QuizVersion.content_version)))
        assert _scalar(db, missing) == 0
    orphan_answers = select(func.count()).where(~Answer.attempt_id.in_(select(QuizAttempt.id)))
    assert _scalar(db, orphan_answers) == 0
    learners = select(User.id).where(User.role == "learner")
    enrolled = select(func.count(func.distinct(Enrolment.user_id)))
    assert _scalar(db, select(func.count()).select_from(learners.subquery())) == LEARNERS
    assert _scalar(db, enrolled.where(Enrolment.user_id.in_(learners))) == LEARNERS
    assert sum(summary.statuses.values()) == LEARNERS


def test_attempts_are_graded_and_laid_out_as_the_app_would(db, catalog):
    load_demo(db, LEARNERS, seed=3, catalog=catalog)
    attempts = _rows(
        db,
        select(
            QuizAttempt.id,
            QuizAttempt.quiz_id,
            QuizAttempt.seed,
            QuizAttempt.layout,
            QuizAttempt.points,
            QuizAttempt.max_points,
            QuizAttempt.passed,
        ),
    )
    answers: dict[int, dict[str, tuple]] = {}
    for attempt_id, question_id, answer, points in _rows(
        db, select(Answer.attempt_id, Answer.question_id, Answer.answer, Answer.points)
    ):
        answers.setdefault(attempt_id, {})[question_id] = (answer, points)

    for attempt_id, quiz_id, seed, layout, points, max_points, passed in attempts:
        quiz = catalog.quizzes[quiz_id]
        expected = build_layout(quiz, seed)
        assert layout == {
            "question_ids": expected.question_ids,
            "option_orders": expected.option_orders,
        }
        given = answers.get(attempt_id, {})
        checked = {q: quiz.leaf(q).check_answer(answer) for q, (answer, _) in given.items()}
        result = score_quiz(quiz, checked, layout["question_ids"])
        assert (points, max_points, passed) == (result.points, result.max_points, result.passed)
        assert {q: points for q, (_, points) in given.items()} == {
            q: result.question_points.get(q) for q in given
        }


def test_the_same_seed_gives_the_same_rows(db, catalog):
    first = load_demo(db, LEARNERS, seed=5, catalog=catalog)
    rows = _first_rows(db)
    again = load_demo(db, LEARNERS, seed=5, catalog=catalog, replace_existing=True)
    assert (again.counts, again.accounts) == (first.counts, first.accounts)
    assert _first_rows(db) == rows

    load_demo(db, LEARNERS, seed=6, catalog=catalog, replace_existing=True)
    assert _first_rows(db) != rows


def test_the_demo_shows_learning_drop_outs_and_a_pilot_group_too_small_to_show(db, catalog):
    summary = load_demo(db, LEARNERS, seed=3, catalog=catalog)

    pretest = _scores(db, catalog.course.pretest)
    posttest = _scores(db, catalog.course.posttest)
    assert len(pretest) == LEARNERS
    assert 0 < len(posttest) < LEARNERS  # some never reach the end
    assert sum(posttest) / len(posttest) > sum(pretest) / len(pretest)
    assert summary.statuses["dropped_out"] > 0
    assert summary.statuses["completed"] > LEARNERS / 2

    pilot_size = (
        select(func.count())
        .select_from(Enrolment)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Cohort.name == PILOT_GROUP)
    )
    assert _scalar(db, pilot_size) == SMALL_COHORT


def test_the_demo_ends_today_with_followup_steps_due_now_and_summaries_exact(db, catalog):
    # Enough learners for a few dozen to be past their 30-day check at the clock's today.
    load_demo(db, 200, seed=3, catalog=catalog)
    plan = catalog.course.followup
    today = db.now().date()
    learners = _rows(db, select(Certificate.user_id))

    def followup_of(user_id):
        actor = db.read(lambda tx: actor_for(tx, tx.session.get(User, user_id)))
        return my_followup(db, actor, plan)

    seen = [followup_of(user_id) for (user_id,) in learners]
    steps = [step for followup in seen for step in followup.steps]
    assert {followup.today for followup in seen} == {today}
    assert sum(step.done for step in steps) > 10
    assert sum(step.due(today) for step in steps) > 10  # due now, not taken yet
    assert any(step.due_on > today for step in steps)
    # Some learners took their practice sets: the app sees each finished.
    practised = _rows(db, select(PracticeSet.user_id, PracticeSet.number))
    assert len(practised) > 10
    for user_id, number in practised[:40]:
        actor = db.read(lambda tx, user_id=user_id: actor_for(tx, tx.session.get(User, user_id)))
        practice = my_practice(db, actor, catalog.course.practice, catalog.quizzes)
        assert practice.sets[number - 1].done
    # The rows went in by bulk: the report summaries built from them match them.
    assert db.read(summaries.differences) == []


def test_the_demo_accounts_sign_in_with_the_demo_password(db, catalog):
    summary = load_demo(db, LEARNERS, seed=3, catalog=catalog)

    assert summary.password == DEMO_PASSWORD
    assert set(summary.accounts) == {"admin", "coordinator", "trainer", "learner"}
    for role, email in summary.accounts.items():
        signed_in = sign_in(db, email, DEMO_PASSWORD, "192.0.2.7")
        assert signed_in.identity.actor.role == role
    trainer = sign_in(db, summary.accounts["trainer"], DEMO_PASSWORD, "192.0.2.7")
    learner = sign_in(db, summary.accounts["learner"], DEMO_PASSWORD, "192.0.2.7")
    # The trainer shown trains the learner shown.
    assert learner.identity.actor.enrolled_cohort_ids <= trainer.identity.actor.trained_cohort_ids


def test_a_database_with_accounts_is_left_alone_unless_replaced(db, cast, catalog):
    before = _table_counts(db)
    with pytest.raises(DatabaseNotEmpty, match="already holds 7 accounts"):
        load_demo(db, LEARNERS, seed=3, catalog=catalog)
    assert _table_counts(db) == before

    load_demo(db, LEARNERS, seed=3, catalog=catalog, replace_existing=True)
    emails = _rows(db, select(User.email))
    assert ("admin@example.org",) not in emails
    assert len(emails) == _table_counts(db)["users"] > LEARNERS


def test_only_the_command_line_loads_demo_data(db, cast, catalog):
    with pytest.raises(PermissionDenied):
        load_demo(db, LEARNERS, seed=3, catalog=catalog, actor=cast.admin, replace_existing=True)
    assert _scalar(db, select(func.count()).select_from(User)) == 7


def test_new_rows_are_numbered_after_the_demo_rows(db, catalog):
    load_demo(db, 10, seed=3, catalog=catalog)
    highest = _scalar(db, select(func.max(User.id)))

    account = create_account(
        db,
        COMMAND_LINE,
        email="new@example.org",
        display_name="New",
        role="learner",
        organisation_id=1,
        password="a long enough password",
    )
    assert account.user_id == highest + 1


def _indexes(db):
    """Every index with its definition (on SQLite, those of primary keys and unique columns,
    made with their table, have none and are left out)."""
    if db.engine.dialect.name == "sqlite":
        query = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        query = "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    return db.read(lambda tx: sorted(tx.session.connection().exec_driver_sql(query).all()))


def test_a_load_builds_every_index_again_as_it_was(db, catalog):
    # The load drops the indexes while it writes and builds them after (store/bulk.py).
    before = _indexes(db)
    load_demo(db, 10, seed=3, catalog=catalog)
    assert any(name == "ix_answers_newest" for name, _ in before)
    assert _indexes(db) == before


def _journal(path) -> str:
    """The file's journal mode, as a connection that sets none finds it."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        connection.close()


def _accounts(db) -> int:
    return db.read(lambda tx: tx.session.scalar(select(func.count()).select_from(User)))


def test_a_load_by_url_writes_past_the_log_and_the_app_takes_the_file_back(tmp_path, catalog):
    path = tmp_path / "demo.db"
    load_demo(f"sqlite:///{path}", 10, seed=3, catalog=catalog)
    assert _journal(path) == "delete"
    app = Database(f"sqlite:///{path}", settings_for(f"sqlite:///{path}"))
    try:
        assert _accounts(app) > 10
    finally:
        app.dispose()
    assert _journal(path) == "wal"


def test_a_load_beside_a_running_app_goes_through_the_log(tmp_path, catalog):
    # Leaving the log needs the file alone: with the app's connection open, the load keeps it.
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    upgrade_database(url, settings=settings_for(url))
    app = Database(url, settings_for(url))
    try:
        assert _accounts(app) == 0  # the app's connection is open, in the pool
        load_demo(url, 10, seed=3, catalog=catalog)
        assert _accounts(app) > 10
    finally:
        app.dispose()
    assert _journal(tmp_path / "demo.db") == "wal"
