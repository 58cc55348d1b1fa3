"""Course certificates: issued once the course's certificate rule is met, verifiable by
anyone who has the code, revocable by an admin. Erasing a learner deletes their certificate,
so its code is then unknown."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from courseware.access import Actor, can_administer, is_person, require
from courseware.store import xapi_events
from courseware.store.actors import current_actor
from courseware.store.audit import record
from courseware.store.database import Database, Transaction
from courseware.store.errors import NotFound, Rejected
from courseware.store.models import Certificate, CertificateReview, QuizAttempt, Regrade, User

# No 0/O or 1/I: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


@dataclass(frozen=True)
class RegradeDecision:
    """The latest decision on a certificate put in question by a regrade (see
    certificate_reviews): `decision` is "pending", "kept" or "revoked"."""

    decision: str
    regraded_at: datetime
    decided_at: datetime | None


@dataclass(frozen=True)
class CertificateView:
    serial: str
    verification_code: str
    issued_at: datetime
    revoked_at: datetime | None
    holder_name: str
    regrade: RegradeDecision | None = None


class RuleNotMet(Rejected):
    pass


def new_verification_code() -> str:
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalize_code(code: str) -> str:
    compact = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{compact[:5]}-{compact[5:]}" if len(compact) == CODE_LENGTH else compact


def _view(tx: Transaction, certificate: Certificate) -> CertificateView:
    holder = tx.session.get(User, certificate.user_id)
    review = tx.session.execute(
        select(CertificateReview.decision, Regrade.at, CertificateReview.decided_at)
        .join(Regrade, Regrade.id == CertificateReview.regrade_id)
        .where(CertificateReview.certificate_id == certificate.id)
        .order_by(CertificateReview.id.desc())
        .limit(1)
    ).first()
    return CertificateView(
        certificate.serial,
        certificate.verification_code,
        certificate.issued_at,
        certificate.revoked_at,
        holder.display_name,
        None if review is None else RegradeDecision(*review),
    )


def _passed_quizzes(tx: Transaction, user_id: int, quiz_ids: Iterable[str]) -> set[str]:
    rows = tx.session.scalars(
        select(QuizAttempt.quiz_id)
        .where(
            QuizAttempt.user_id == user_id,
            QuizAttempt.quiz_id.in_(list(quiz_ids)),
            QuizAttempt.passed.is_(True),
        )
        .distinct()
    )
    return set(rows)


def my_certificate(db: Database, actor: Actor) -> CertificateView | None:
    def work(tx: Transaction) -> CertificateView | None:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        certificate = tx.session.scalar(
            select(Certificate).where(
                Certificate.user_id == acting.user_id, Certificate.revoked_at.is_(None)
            )
        )
        return None if certificate is None else _view(tx, certificate)

    return db.read(work)


def issue_certificate(db: Database, actor: Actor, required_quiz_ids: list[str]) -> CertificateView:
    """The acting learner's certificate, issued now if every required quiz has been passed;
    asking again returns the same certificate."""

    def work(tx: Transaction) -> CertificateView:
        acting = current_actor(tx, actor)
        require(is_person(acting))
        # Serialises with a regrade that may turn a pass into a fail (see
        # certificate_reviews.certificates_to_review).
        tx.session.execute(select(User.id).where(User.id == acting.user_id).with_for_update())
        existing = tx.session.scalar(
            select(Certificate).where(
                Certificate.user_id == acting.user_id, Certificate.revoked_at.is_(None)
            )
        )
        if existing is not None:
            return _view(tx, existing)
        missing = set(required_quiz_ids) - _passed_quizzes(tx, acting.user_id, required_quiz_ids)
        if missing:
            raise RuleNotMet("the certificate needs every final quiz passed")
        code = new_verification_code()
        # The serial numbers certificates in order of issue: it comes from the row's id.
        certificate = Certificate(
            user_id=acting.user_id,
            serial=f"pending-{code}",
            verification_code=code,
            issued_at=tx.now,
            revoked_at=None,
        )
        tx.session.add(certificate)
        tx.session.flush()
        certificate.serial = f"CW-{tx.now:%Y}-{certificate.id:06d}"
        xapi_events.certificate_issued(tx, acting.user_id)
        return _view(tx, certificate)

    return db.write(work)


def verify_certificate(db: Database, code: str) -> CertificateView:
    """Public: anyone holding the code may check it. Raises NotFound for an unknown code."""

    def work(tx: Transaction) -> CertificateView:
        certificate = tx.session.scalar(
            select(Certificate).where(Certificate.verification_code == normalize_code(code))
        )
        if certificate is None:
            raise NotFound("no certificate has this code")
        return _view(tx, certificate)

    return db.read(work)


def revoke_certificate(db: Database, actor: Actor, code: str) -> None:
    def work(tx: Transaction) -> None:
        acting = current_actor(tx, actor)
        require(can_administer(acting))
        certificate = tx.session.scalar(
            select(Certificate).where(Certificate.verification_code == normalize_code(code))
        )
        if certificate is None:
            raise NotFound("no certificate has this code")
        certificate.revoked_at = tx.now
        record(tx, acting, "certificate.revoke", certificate.user_id, serial=certificate.serial)

    db.write(work)
