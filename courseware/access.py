"""The access policy: every permission in the app is decided here, and only here.

The functions are pure: the store loads the facts (who the actor is, which cohorts a learner is
in) from the database inside the same transaction and asks this module; it never decides
itself. Pages may call the same functions to hide what the store would refuse anyway.

- A learner sees their own data.
- A trainer sees and manages the learners of the cohorts they train.
- A coordinator sees aggregate figures of every cohort, never a named person, and a group
  smaller than MIN_GROUP_SIZE learners is left out of every figure; free-text survey answers
  that an admin or the cohort's trainer hid are not shown to coordinators.
- An admin manages organisations, cohorts and accounts, and sees everything, but cannot
  demote, deactivate or erase themselves, so the app is never left without an admin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Role = Literal["learner", "trainer", "coordinator", "admin"]
ROLES: tuple[Role, ...] = ("learner", "trainer", "coordinator", "admin")

# Figures about fewer learners than this could point at a person.
MIN_GROUP_SIZE = 5


class PermissionDenied(Exception):
    """The acting user may not do this. The message is safe to show to them."""


@dataclass(frozen=True)
class Actor:
    """Who is acting. `user_id` None is the operator at the command line, who has the
    database in hand anyway and acts as an admin."""

    user_id: int | None
    role: Role
    organisation_id: int | None
    trained_cohort_ids: frozenset[int] = frozenset()
    enrolled_cohort_ids: frozenset[int] = frozenset()


COMMAND_LINE = Actor(user_id=None, role="admin", organisation_id=None)
# The operator making a report to hand out (`report impact`): they read what a coordinator
# reads, small groups left out, since the file leaves the programme.
REPORT_TO_HAND_OUT = Actor(user_id=None, role="coordinator", organisation_id=None)


@dataclass(frozen=True)
class Person:
    """The user whom some data is about."""

    user_id: int
    cohort_ids: frozenset[int]


def require(allowed: bool, message: str = "you are not allowed to do this") -> None:
    if not allowed:
        raise PermissionDenied(message)


def is_admin(actor: Actor) -> bool:
    return actor.role == "admin"


def trains(actor: Actor, cohort_id: int) -> bool:
    return actor.role == "trainer" and cohort_id in actor.trained_cohort_ids


def can_view_person(actor: Actor, person: Person) -> bool:
    """Named data about one person: their profile, progress and attempts."""
    return (
        actor.user_id == person.user_id
        or is_admin(actor)
        or any(trains(actor, cohort_id) for cohort_id in person.cohort_ids)
    )


def can_view_attempt(actor: Actor, owner: Person | None) -> bool:
    """`owner` None is an attempt detached from an erased user: only admins see those."""
    return is_admin(actor) if owner is None else can_view_person(actor, owner)


def can_answer_attempt(actor: Actor, owner_id: int | None) -> bool:
    """Only the learner who started an attempt answers and submits it."""
    return actor.user_id is not None and actor.user_id == owner_id


def can_practise(actor: Actor, owner_id: int) -> bool:
    """A practice set is its learner's own: nobody else reads or answers it (its results
    reach no report)."""
    return actor.user_id is not None and actor.user_id == owner_id


def can_grant_attempts(actor: Actor, learner: Person) -> bool:
    return actor.user_id != learner.user_id and (
        is_admin(actor) or any(trains(actor, cohort_id) for cohort_id in learner.cohort_ids)
    )


def can_adjust_time(actor: Actor, learner: Person) -> bool:
    """More time (or no limit) on timed quizzes for one learner: whoever may grant them extra
    attempts, for the same reasons."""
    return can_grant_attempts(actor, learner)


def can_adjust_cohort_time(actor: Actor, cohort_id: int) -> bool:
    """More time (or no limit) on timed quizzes for every learner of a cohort."""
    return can_manage_cohort(actor, cohort_id)


def can_export_person(actor: Actor, user_id: int) -> bool:
    """Downloading everything held about a person: that person, or an admin."""
    return actor.user_id == user_id or is_admin(actor)


def can_choose_reminders(actor: Actor, user_id: int) -> bool:
    """Whether reminder mails come: each person decides for themselves (an unsubscribe link
    in a mail decides for the person it was sent to, store/followup.py)."""
    return actor.user_id == user_id


def is_person(actor: Actor) -> bool:
    """A signed-in user, as opposed to the command line: only people have their own data."""
    return actor.user_id is not None


def can_view_organisations(actor: Actor) -> bool:
    """Names of organisations: admins manage them, coordinators compare them."""
    return is_admin(actor) or actor.role == "coordinator"


def can_administer(actor: Actor) -> bool:
    """Organisations and accounts: create, list, change, reset passwords."""
    return is_admin(actor)


def can_rebuild_summaries(actor: Actor) -> bool:
    """Rebuilding or checking the report summaries (whole-database work): the operator at the
    command line, as for demo data."""
    return is_admin(actor) and not is_person(actor)


def can_load_demo(actor: Actor) -> bool:
    """Filling a database with demo data, emptying it first if asked: only the operator at
    the command line, who has the whole database in hand anyway."""
    return is_admin(actor) and not is_person(actor)


def can_change_account(actor: Actor, user_id: int) -> bool:
    """Role, organisation, deactivation and erasure: an admin, on someone else."""
    return is_admin(actor) and actor.user_id != user_id


def require_account_change(actor: Actor, user_id: int, change: str) -> None:
    """`can_change_account`, refused with the reason that applies: only admins change
    accounts, and an admin never their own. `change` names it: "erase", "deactivate"..."""
    require(is_admin(actor), f"only an administrator can {change} an account")
    require(actor.user_id != user_id, f"you cannot {change} your own account")


def can_create_cohort(actor: Actor, organisation_id: int) -> bool:
    return is_admin(actor) or (actor.role == "trainer" and actor.organisation_id == organisation_id)


def can_manage_cohort(actor: Actor, cohort_id: int) -> bool:
    """Members, invite code and dates of a cohort."""
    return is_admin(actor) or trains(actor, cohort_id)


def can_regrade(actor: Actor, cohort_id: int | None) -> bool:
    """Grading a submitted attempt again after its quiz was corrected: admins any attempt,
    trainers those taken in a cohort they train (`cohort_id` None: taken in no cohort)."""
    return is_admin(actor) or (cohort_id is not None and trains(actor, cohort_id))


def regradable_cohort_ids(actor: Actor) -> frozenset[int] | None:
    """The cohorts whose attempts the actor may regrade: None for all attempts (admins), the
    trained ones for trainers, none for anyone else."""
    if is_admin(actor):
        return None
    return frozenset(c for c in actor.trained_cohort_ids if can_regrade(actor, c))


def can_handle_paper(actor: Actor, cohort_id: int) -> bool:
    """Printing paper quizzes for a cohort and entering the results of its learners' papers:
    the cohort's trainers and admins."""
    return is_admin(actor) or trains(actor, cohort_id)


def can_download_all_packs(actor: Actor) -> bool:
    """Every module's field pack at once (a ZIP): trainers and admins. A learner downloads the
    pack of a module from its page."""
    return actor.role in ("trainer", "admin")


def can_decide_certificate(actor: Actor) -> bool:
    """Keeping or revoking a certificate whose holder no longer passes after a regrade."""
    return is_admin(actor)


def can_view_cohort_aggregates(actor: Actor, cohort_id: int) -> bool:
    return actor.role == "coordinator" or can_manage_cohort(actor, cohort_id)


def can_hide_comment(actor: Actor, cohort_id: int | None) -> bool:
    """Hiding a cohort's free-text survey answer from coordinators (or showing it again):
    an admin, or one of the cohort's trainers."""
    return is_admin(actor) or (cohort_id is not None and trains(actor, cohort_id))


def sees_hidden_comments(actor: Actor) -> bool:
    """Hidden comments are hidden from coordinators only; those who may hide them see them
    (marked as hidden) where they see comments at all."""
    return actor.role != "coordinator"


def must_suppress(actor: Actor, learners: int) -> bool:
    """Whether figures about a group of `learners` must be withheld from the actor. Those who
    may see the named learners anyway (trainers, admins) gain nothing from suppression."""
    return actor.role == "coordinator" and learners < MIN_GROUP_SIZE


def may_narrow_figures(actor: Actor) -> bool:
    """Whether the actor may narrow figures inside cohorts, to a period or a language. Not
    those who have small groups left out: a cohort counts whole or not at all for them, and
    two narrowings of one cohort (all its learners and its Serbian speakers, this month and
    this month but today) can differ by a learner or two, whose figures subtraction gives."""
    return not must_suppress(actor, 0)


def visible_cohort_ids(actor: Actor, cohort_ids: Iterable[int]) -> frozenset[int]:
    """Which of `cohort_ids` the actor may list: every one for admins and coordinators (who
    see aggregates of all), the trained and enrolled ones for everybody else."""
    cohort_ids = frozenset(cohort_ids)
    if is_admin(actor) or actor.role == "coordinator":
        return cohort_ids
    own = actor.enrolled_cohort_ids
    if actor.role == "trainer":
        own |= actor.trained_cohort_ids
    return cohort_ids & own


def can_export_questions(actor: Actor) -> bool:
    """Trainers and admins may download the course's quizzes as Moodle XML or GIFT."""
    return actor.role in ("trainer", "admin")


def can_import_questions(actor: Actor) -> bool:
    """Only admins convert uploaded question banks (the app never writes content files)."""
    return actor.role == "admin"
