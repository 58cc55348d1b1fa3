"""AppTest fixtures: the real app script on a real database, signed in as one of the cast.

AppTest cannot send cookies, so tests hand the session token to the page the way the
browser's cookie would, by replacing the one function that reads it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from courseware.store.auth import sign_in
from courseware.ui import context, resources
from tests.databases import PASSWORD

MAIN = str(Path(__file__).resolve().parents[2] / "courseware" / "ui" / "main.py")


def app_database_in(folder, monkeypatch, templates):
    """The app's database in `folder`: a copy of the SQLite cast template, with the cast."""
    import shutil

    template, cast = templates["sqlite", "cast"]
    path = folder / "app.db"
    shutil.copy(template.removeprefix("sqlite:///"), path)
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", f"sqlite:///{path}")
    resources.reset()
    yield resources.database(), cast
    resources.reset()


@pytest.fixture
def app_db(monkeypatch, tmp_path, templates):
    """The app's database for this test."""
    yield from app_database_in(tmp_path, monkeypatch, templates)


@pytest.fixture
def open_app(app_db, monkeypatch):
    """`open_app(email)` runs the app signed in as that user (None: signed out)."""
    db, _ = app_db
    token = {"value": None}
    monkeypatch.setattr(context, "session_token", lambda db: token["value"])

    def start(email: str | None, page: str | None = None, **query: str) -> AppTest:
        token["value"] = None if email is None else sign_in(db, email, PASSWORD, "127.0.0.1").token
        at = AppTest.from_file(MAIN, default_timeout=30)
        at.run()
        if page is not None:
            go_to(at, page, **query)
        return at

    return start


def unfold(at: AppTest, *folds: str) -> AppTest:
    """The page run again with these folded sections (`report_widgets.on_demand`, by key)
    unfolded, as a click on each would."""
    for fold in folds:
        at.session_state[fold] = True
    return at.run()


def go_to(at: AppTest, url_path: str, **query: str) -> AppTest:
    """Open a page by its URL path, as a link with query parameters would. AppTest's own
    switch_page only knows pages that are files; these pages are functions."""
    matches = [
        h for h, page in at._registered_pages.items() if page.get("url_pathname") == url_path
    ]
    if not matches:
        raise ValueError(f"page '{url_path}' is not registered for this user")
    at._page_hash = matches[0]
    at.query_params.clear()
    at.query_params.update(query)
    return at.run()
