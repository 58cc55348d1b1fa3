"""The administrator's "New account" form (AppTest, real database): one form submitted at
once, the confirmation tells the role that was stored, and the accounts table shows the new
account in the same run."""

from courseware.store.accounts import list_accounts
from tests.ui.conftest import go_to

ADMIN = "admin@example.org"


def test_a_new_account_is_stored_with_the_role_shown_and_listed_at_once(open_app, app_db):
    db, cast = app_db
    at = open_app(ADMIN)
    go_to(at, "accounts")
    assert not at.exception
    form_inputs = [w for w in at.text_input if w.label in ("Email", "Name")][-2:]
    form_inputs[0].input("new.trainer@example.org")
    form_inputs[1].input("Nova Trenerka")
    role = next(s for s in at.selectbox if s.label == "Role")
    role.set_value("trainer")
    next(b for b in at.button if b.label == "Add").click()
    at.run()
    assert not at.exception
    [stored] = [a for a in list_accounts(db, cast.admin) if a.email == "new.trainer@example.org"]
    assert stored.role == "trainer"
    assert any(
        "new.trainer@example.org" in s.value and "role trainer" in s.value for s in at.success
    )
    table = at.dataframe[0].value
    assert "new.trainer@example.org" in set(table["Email"])
