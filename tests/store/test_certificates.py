import pytest

from courseware.access import PermissionDenied
from courseware.store.attempts import save_answer, start_attempt, submit_attempt
from courseware.store.audit import list_audit
from courseware.store.certificates import (
    RuleNotMet,
    issue_certificate,
    my_certificate,
    normalize_code,
    revoke_certificate,
    verify_certificate,
)
from courseware.store.errors import NotFound
from courseware.store.privacy import erase_user
from tests.databases import RIGHT_ANSWERS, final_quiz


def pass_final(db, learner):
    quiz = final_quiz()
    attempt = start_attempt(db, learner, quiz)
    for question_id, answer in RIGHT_ANSWERS.items():
        save_answer(db, learner, attempt.id, question_id, answer)
    assert submit_attempt(db, learner, attempt.id).passed
    return quiz.id


def test_no_certificate_before_the_rule_is_met(db, cast):
    with pytest.raises(RuleNotMet):
        issue_certificate(db, cast.learner_a, [final_quiz().id])
    assert my_certificate(db, cast.learner_a) is None


def test_a_certificate_is_issued_once_and_verifiable_by_its_code(db, cast):
    quiz_id = pass_final(db, cast.learner_a)
    first = issue_certificate(db, cast.learner_a, [quiz_id])
    again = issue_certificate(db, cast.learner_a, [quiz_id])
    assert again == first
    assert first.serial.startswith("CW-")
    assert my_certificate(db, cast.learner_a) == first
    # Codes are forgiving about case, spaces and the hyphen when typed from paper.
    typed = first.verification_code.lower().replace("-", " ")
    found = verify_certificate(db, typed)
    assert (found.serial, found.holder_name, found.revoked_at) == (first.serial, "Learner.A", None)
    assert normalize_code(typed) == first.verification_code


def test_unknown_revoked_and_erased_certificates(db, cast):
    with pytest.raises(NotFound):
        verify_certificate(db, "AAAAA-BBBBB")
    certificate = issue_certificate(db, cast.learner_a, [pass_final(db, cast.learner_a)])
    with pytest.raises(PermissionDenied):
        revoke_certificate(db, cast.trainer_a, certificate.verification_code)
    revoke_certificate(db, cast.admin, certificate.verification_code)
    assert verify_certificate(db, certificate.verification_code).revoked_at is not None
    assert list_audit(db, cast.admin)[0]["action"] == "certificate.revoke"
    erase_user(db, cast.admin, cast.learner_a.user_id)
    with pytest.raises(NotFound):
        verify_certificate(db, certificate.verification_code)


def test_only_admins_read_the_audit_log(db, cast):
    for actor in (cast.learner_a, cast.trainer_a, cast.coordinator):
        with pytest.raises(PermissionDenied):
            list_audit(db, actor)
    assert isinstance(list_audit(db, cast.admin), list)
