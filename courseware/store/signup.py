"""Creating a learner account with a cohort's invite code.

Every cheap check comes before the one costly step, hashing the password (argon2, 64 MiB):
the address is not waiting after refused sign-ups, the invite code is valid (a wrong one is
a refused sign-up of the address) and has not made its hourly share of accounts, and the
fields are well-formed. Throttling numbers: courseware/store/throttle.py.

The answer never tells whether the email has an account already. The same work runs either
way (the password is hashed; the account is made only when the email is new, and the other
case counts as a refused sign-up of the address), and signing up never signs in, so the page
can say the same thing to everyone: if the address had no account yet it has one now, else
sign in or ask the trainer to reset the password.
"""

from __future__ import annotations

from courseware.store.accounts import (
    add_user,
    check_language,
    checked_name,
    normalize_email,
    user_id_by_email,
)
from courseware.store.cohorts import (
    cohort_by_invite_code,
    enrol,
)
from courseware.store.database import Database, Transaction
from courseware.store.errors import InvalidInput
from courseware.store.passwords import check_new_password
from courseware.store.throttle import (
    ADDRESS_LIMIT,
    NO_ACCOUNT,
    check_invite_code_use,
    check_sign_up,
    record_failure,
    take_turn,
)

INVALID_CODE = "this invite code is not valid"


def sign_up_with_invite(
    db: Database,
    *,
    invite_code: str,
    email: str,
    display_name: str,
    password: str,
    language: str,
    address: str,
    script: str = "latin",
) -> None:
    """A learner account in the invite code's cohort (and its organisation), unless the
    email has one already; the caller cannot tell which, and signs in next. `address` is the
    client's IP address. Raises TooManyTries while the address or the code must wait, and
    InvalidInput for a wrong code or field, before any password is hashed."""
    address = address[:ADDRESS_LIMIT]

    def admit(tx: Transaction) -> int | None:
        """The cohort's id, or None for a wrong code (recorded as a refused sign-up)."""
        take_turn(tx, address)
        check_sign_up(tx, address)
        try:
            cohort = cohort_by_invite_code(tx, invite_code)
        except InvalidInput:
            record_failure(tx, NO_ACCOUNT, address)
            return None
        check_invite_code_use(tx, cohort.id)
        return cohort.id

    if db.write(admit) is None:
        raise InvalidInput(INVALID_CODE)
    email = normalize_email(email)
    display_name = checked_name(display_name, "name")
    check_language(language, script)
    check_new_password(password, email)
    password_hash = db.passwords.hash(password)

    def create(tx: Transaction) -> None:
        cohort = cohort_by_invite_code(tx, invite_code)  # replaced in the meantime: refused
        if user_id_by_email(tx, email) is not None:
            record_failure(tx, NO_ACCOUNT, address)
            return
        user = add_user(
            tx,
            email=email,
            display_name=display_name,
            role="learner",
            organisation_id=cohort.organisation_id,
            password_hash=password_hash,
            must_change_password=False,
            language=language,
            script=script,
        )
        enrol(tx, user.id, cohort.id)

    db.write(create)
