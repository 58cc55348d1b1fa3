"""The page script Streamlit runs on every interaction (app.py serves it with the app's routes)."""

import streamlit as st

from courseware.store.errors import Unavailable
from courseware.ui import components, navigation
from courseware.ui.context import current_context, visitor_translator
from courseware.ui.safe_text import plain
from courseware.ui.views.quiz import wait_for_database

st.set_page_config(
    page_title="Recognise and refer", page_icon=":material/explore:", layout="centered"
)
try:
    context = current_context()
except Unavailable:
    components.database_away(visitor_translator())
    st.stop()
page = navigation.build(context)
components.document_language(context, page.title)
components.language_switch(context)
components.help_box(context)
if context.identity is not None:
    st.sidebar.caption(context.t("nav.signed_in_as", name=plain(context.profile.display_name)))
    if st.user.get("is_logged_in", False):
        # Signed in through the organisation's identity provider (st.login).
        st.sidebar.button(context.t("auth.sign_out"), on_click=st.logout)
    else:
        st.sidebar.link_button(context.t("auth.sign_out"), "/auth/sign-out")
try:
    page.run()
except Unavailable:
    # Nothing is lost: answers not yet saved wait in the session until the database is back.
    wait_for_database(context)
