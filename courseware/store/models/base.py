"""What every table shares: the declarative base, naming convention and column helpers,
and the states stored in several tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    Enum,
    ForeignKey,
    MetaData,
)
from sqlalchemy.orm import DeclarativeBase, mapped_column

from courseware.store.types import JSONDocument, UTCDateTime

SCRIPTS = ("latin", "cyrillic")
IN_PROGRESS, SUBMITTED = "in_progress", "submitted"
# Where an attempt was taken: in the app, or on a printed variant entered by a trainer.
ONLINE, PAPER = "online", "paper"
PENDING, KEPT, REVOKED = "pending", "kept", "revoked"

# Fixed constraint names, so that later migrations can refer to them (SQLite batch mode
# rebuilds tables and needs every constraint named).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar = {datetime: UTCDateTime(), dict[str, Any]: JSONDocument}


def enum_column(name: str, values: tuple[str, ...]) -> Enum:
    return Enum(*values, name=name, native_enum=False, create_constraint=True, length=20)


def user_ref(ondelete: str, **kwargs) -> Any:
    return mapped_column(ForeignKey("users.id", ondelete=ondelete), **kwargs)
