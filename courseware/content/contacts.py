"""`data/contacts.yaml`: the help and referral contacts shown in the "Need help now?" box.

Numbers change; each entry says where it was found, how reliable that source is and when it
was last confirmed, so that the app can mark the ones still to be confirmed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from courseware.content.fields import LANGUAGES, Boolean, PlainText, Slug, StrictModel, Text
from courseware.content.problems import ContentError, Problem, errors_in
from courseware.content.validation import language_problems, validate_model
from courseware.content.yaml_source import parse_mapping

CONTACTS_FILE = "data/contacts.yaml"


class Contact(StrictModel):
    id: Slug
    name: Text
    description: Text
    phone: PlainText | None = None
    email: PlainText | None = None
    website: PlainText | None = None
    emergency: Boolean = False
    # V verified, S secondary source, U unverified: as tagged in the fact sheet.
    reliability: Literal["V", "S", "U"]
    last_confirmed: PlainText
    source: PlainText

    @property
    def confirmed(self) -> bool:
        return self.reliability == "V"


class Contacts(StrictModel):
    contacts: Annotated[list[Contact], Field(min_length=1)]


def load_contacts(
    raw: bytes, file: str, languages: tuple[str, ...] = LANGUAGES
) -> tuple[Contacts, list[Problem]]:
    document = parse_mapping(raw, file)
    contacts = validate_model(document, Contacts)
    problems = language_problems(document, contacts, languages)
    seen: set[str] = set()
    for index, contact in enumerate(contacts.contacts):
        if contact.id in seen:
            problems.append(
                document.error(("contacts", index, "id"), f"duplicate contact id '{contact.id}'")
            )
        seen.add(contact.id)
        if not (contact.phone or contact.email or contact.website):
            problems.append(
                document.error(("contacts", index), "give at least a phone, an email or a website")
            )
    if errors_in(problems):
        raise ContentError(problems)
    return contacts, problems
