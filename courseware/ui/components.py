"""Widgets shared by several pages: the help box, the language switch, lessons, errors, and
the notice shown while the database cannot be reached."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from courseware.access import PermissionDenied
from courseware.content.lesson import mermaid_labels, split_lesson
from courseware.i18n import Translator
from courseware.store.accounts import (
    update_profile,
)
from courseware.store.errors import Rejected, Unavailable
from courseware.ui import resources
from courseware.ui.assistive import QUESTION_GROUPS, connection_lost_notice
from courseware.ui.context import PageContext
from courseware.ui.safe_text import plain

T = TypeVar("T")

# (language, script) choices, each named in its own language and script.
LANGUAGE_CHOICES = {
    ("en", "latin"): "English",
    ("sr", "latin"): "Srpski (latinica)",
    ("sr", "cyrillic"): "Српски (ћирилица)",
}


def help_box(ctx: PageContext) -> None:
    """ "Need help now?": the hotlines from data/contacts.yaml, emergency numbers first."""
    contacts = ctx.catalog.contacts
    # One step from every page, and a plain page that needs none of the app's JavaScript.
    query = f"?lang={ctx.language}" + ("&script=cyrillic" if ctx.t.script == "cyrillic" else "")
    st.sidebar.markdown(f":material/support: [{ctx.t('help.title')}](/help{query})")
    with st.sidebar.expander(ctx.t("help.title"), expanded=False, icon=":material/support:"):
        if contacts is None:
            st.write(ctx.t("help.unavailable"))
            return
        for contact in sorted(contacts.contacts, key=lambda c: not c.emergency):
            lines = [f"**{ctx.text(contact.name)}**"]
            if contact.phone:
                lines.append(
                    f":material/call: [{contact.phone}](tel:{contact.phone.replace(' ', '')})"
                )
            if contact.email:
                lines.append(f":material/mail: {contact.email}")
            lines.append(ctx.text(contact.description))
            if not contact.confirmed:
                lines.append(f"*{ctx.t('help.as_published', date=contact.last_confirmed)}*")
            st.markdown("  \n".join(lines))
        st.caption(ctx.t("help.check_numbers"))


# The app's own additions to Streamlit's styles: options at least 44 px tall, so a thumb hits
# them on a phone (WCAG 2.5.8 asks 24 × 24 px; Streamlit's are 20-24 px), and a focus ring of
# 8.6:1 on every control reached by keyboard (2.4.7, 1.4.11), radios and checkboxes included
# (their input is hidden: the label shows the focus). The quiz's time warning (views/quiz.py)
# is dark brown on pale orange, 13:1, and takes no room while it is empty.
STYLE = """<style>
[data-testid="stRadio"] label, [data-testid="stCheckbox"] label { min-height: 44px;
  align-items: center; }
.stApp :is(button, a, input, textarea, [role="combobox"], [tabindex="0"]):focus-visible,
.stApp label:has(input:focus-visible) { outline: 3px solid #1d4e89 !important;
  outline-offset: 2px; }
.cw-time-warning:not(:empty) { padding: 0.75rem 1rem; border-left: 6px solid #8a4b00;
  background: #fff4e0; color: #3d2100; font-weight: 600; border-radius: 0.25rem; }
.cw-answer-status { font-size: 0.875rem; color: #1f5130; }
</style>"""


def document_language(ctx: PageContext, page_title: str) -> None:
    """`<html lang>` and the document's title for the language and page shown, set again on
    every run (so also right after the language is switched). Streamlit's page shell always
    says `lang="en"` (streamlit/streamlit#15726)."""
    title = f"{page_title} · {ctx.t('app.name')}"
    st.set_page_config(page_title=title)
    st.html(
        STYLE
        + connection_lost_notice(ctx.t("app.connection_lost"))
        + QUESTION_GROUPS
        + f"<script>document.documentElement.lang = {json.dumps(ctx.t.tag)};</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


def language_switch(ctx: PageContext) -> None:
    current = (ctx.t.language, ctx.t.script)

    def change() -> None:
        language, script = st.session_state["language_choice"]
        if ctx.identity is None:
            st.session_state["visitor_language"] = (language, script)
        else:
            update_profile(ctx.db, ctx.actor, language=language, script=script)

    st.sidebar.radio(
        "Language / Jezik",
        list(LANGUAGE_CHOICES),
        index=list(LANGUAGE_CHOICES).index(current) if current in LANGUAGE_CHOICES else 0,
        format_func=LANGUAGE_CHOICES.get,
        key="language_choice",
        on_change=change,
    )


def show_lesson(ctx: PageContext, markdown: str) -> None:
    """Lesson Markdown in the user's script, with Mermaid diagrams drawn as diagrams.
    Raw HTML in lessons is never rendered (Streamlit escapes it by default)."""
    for segment in split_lesson(markdown):
        if segment.kind == "mermaid":
            st.mermaid_chart(mermaid_labels(segment.body, ctx.t.script_of))
        else:
            st.markdown(ctx.t.script_of(segment.body))


def attempt(ctx: PageContext, action: Callable[[], T]) -> T | None:
    """Run a store action; a refusal is shown as a message, never as a traceback."""
    try:
        return action()
    except PermissionDenied:
        st.error(ctx.t("error.not_allowed"))
    except Rejected as error:
        # The store's words, which may quote what the user typed (a name, an email).
        st.error(plain(str(error)))
    return None


def succeeded(ctx: PageContext, action: Callable[[], object]) -> bool:
    """Run a store action that returns nothing; False (with the reason shown) if refused."""
    done = False

    def run() -> None:
        nonlocal done
        action()
        done = True

    attempt(ctx, run)
    return done


def score_text(t: Translator, points, max_points) -> str:
    """A score as the learner reads it: "2 / 3", "1,5 / 3" in Serbian."""
    return f"{t.number(points)} / {t.number(max_points)}"


def percent(value) -> str:
    return "–" if value is None else f"{float(value):.0%}"


@st.fragment(run_every=5)
def database_away(t: Translator) -> None:
    """A page opened (or reloaded) while the database cannot be reached, so that nobody can
    be recognised yet: says so, and runs the page again once the database answers."""
    try:
        reachable = resources.database().reachable()
    except Unavailable:
        reachable = False
    if reachable:
        st.rerun(scope="app")
    st.warning(t("outage.database_unavailable"), icon=":material/cloud_off:")
