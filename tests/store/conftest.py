import pytest

from courseware.access import COMMAND_LINE
from courseware.store.accounts import (
    create_account,
    create_organisation,
)
from tests.databases import PASSWORD


@pytest.fixture
def ana(db):
    """A learner account, Ana, with the tests' PASSWORD; returns her email."""
    organisation = create_organisation(db, COMMAND_LINE, "Atina")
    create_account(
        db,
        COMMAND_LINE,
        email="Ana@Example.org",
        display_name="Ana",
        role="learner",
        organisation_id=organisation,
        password=PASSWORD,
    )
    return "ana@example.org"
