"""Certificates put in question by a regrade: a holder who no longer passes a quiz the
certificate requires keeps it until an admin decides, to keep it or to revoke it; the
decision is audited and the public verification page tells it (see certificates.py)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import exists, select

from courseware.access import Actor, can_decide_certificate, require
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.database import Database, Transaction
from courseware.store.errors import NotFound, Rejected
from courseware.store.models import (
    KEPT,
    PENDING,
    REVOKED,
    Certificate,
    CertificateReview,
    QuizAttempt,
    Regrade,
    RegradedAttempt,
    User,
)


def certificates_to_review(
    tx: Transaction,
    quiz_id: str,
    turned_to_fail: Mapping[int, int],
    passing_after: Collection[int],
    *,
    lock: bool,
) -> tuple[tuple[int, int], ...]:
    """(certificate id, attempt id) of the valid certificates, with no decision pending
    already, whose holders pass `quiz_id` before a regrade and not after it.
    `turned_to_fail` maps each attempt the regrade turns from pass to fail to its learner;
    `passing_after` are learners with an attempt the regrade makes (or keeps) a pass."""
    losing = {user_id: attempt_id for attempt_id, user_id in turned_to_fail.items()}
    if not losing:
        return ()
    if lock:
        # `issue_certificate` takes the same locks: a certificate is issued either before
        # this looks for it, or after the regrade is committed, never in between.
        tx.session.execute(
            select(User.id).where(User.id.in_(losing)).order_by(User.id).with_for_update()
        )
    passing = tx.session.execute(
        select(QuizAttempt.id, QuizAttempt.user_id).where(
            QuizAttempt.user_id.in_(losing),
            QuizAttempt.quiz_id == quiz_id,
            QuizAttempt.passed.is_(True),
        )
    )
    still = {user_id for attempt_id, user_id in passing if attempt_id not in turned_to_fail}
    still |= set(passing_after)
    pending = exists().where(
        CertificateReview.certificate_id == Certificate.id, CertificateReview.decision == PENDING
    )
    certificates = tx.session.execute(
        select(Certificate.id, Certificate.user_id)
        .where(
            Certificate.user_id.in_(set(losing) - still),
            Certificate.revoked_at.is_(None),
            ~pending,
        )
        .order_by(Certificate.id)
    )
    return tuple((certificate_id, losing[user_id]) for certificate_id, user_id in certificates)


@dataclass(frozen=True)
class PendingReview:
    review_id: int
    serial: str
    holder_name: str
    quiz_id: str
    regraded_at: datetime
    reason: str
    old_points: Fraction
    old_max_points: Fraction
    new_points: Fraction
    new_max_points: Fraction


def pending_reviews(db: Database, actor: Actor) -> list[PendingReview]:
    """The certificates awaiting a decision, oldest first: for admins."""

    def work(tx: Transaction) -> list[PendingReview]:
        require(can_decide_certificate(current_actor(tx, actor)))
        rows = tx.session.execute(
            select(
                CertificateReview.id,
                Certificate.serial,
                User.display_name,
                Regrade.quiz_id,
                Regrade.at,
                Regrade.reason,
                RegradedAttempt.old_points,
                RegradedAttempt.old_max_points,
                RegradedAttempt.new_points,
                RegradedAttempt.new_max_points,
            )
            .join(Certificate, Certificate.id == CertificateReview.certificate_id)
            .join(User, User.id == Certificate.user_id)
            .join(Regrade, Regrade.id == CertificateReview.regrade_id)
            .join(
                RegradedAttempt,
                (RegradedAttempt.regrade_id == CertificateReview.regrade_id)
                & (RegradedAttempt.attempt_id == CertificateReview.attempt_id),
            )
            .where(CertificateReview.decision == PENDING, Certificate.revoked_at.is_(None))
            .order_by(CertificateReview.id)
        )
        return [PendingReview(*row) for row in rows]

    return db.read(work)


def decide_review(db: Database, actor: Actor, review_id: int, *, keep: bool) -> None:
    """Keep the certificate (it stays valid, and its verification page says so) or revoke
    it (it is no longer valid; the learner may earn a new one by passing again)."""

    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require(can_decide_certificate(acting), "only an administrator decides on certificates")
        review = tx.session.scalar(
            select(CertificateReview).where(CertificateReview.id == review_id).with_for_update()
        )
        if review is None:
            raise NotFound("no such certificate review")
        if review.decision != PENDING:
            raise Rejected("this certificate has already been decided on")
        certificate = tx.session.get(Certificate, review.certificate_id)
        if certificate.revoked_at is not None:
            raise Rejected("this certificate has been revoked already")
        review.decision = KEPT if keep else REVOKED
        review.decided_by, review.decided_at = acting.user_id, tx.now
        if not keep:
            certificate.revoked_at = tx.now
        record(
            tx,
            acting,
            "certificate.keep" if keep else "certificate.revoke",
            certificate.user_id,
            serial=certificate.serial,
            review_id=review.id,
            regrade_id=review.regrade_id,
        )

    db.write(work)
