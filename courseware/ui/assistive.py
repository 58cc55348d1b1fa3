"""What keyboard and screen-reader users need that Streamlit does not draw by itself.

- Where the focus goes when an action replaces what the user was on (WCAG 2.4.3): a pressed
  button that is no longer drawn would leave the focus at the top of the page, and the user
  would have to find the new content again.
- Each question of a quiz as a labelled group (WCAG 1.3.1), named by its number and prompt,
  so that a screen reader says which question a control belongs to."""

from __future__ import annotations

import html
import json
import re

import streamlit as st

# How long the browser looks for the element: it may be drawn a moment after the script runs.
SEARCH_MILLISECONDS = 3000


def key_selector(key: str) -> str:
    """The CSS selector of the element Streamlit draws for a widget or container key."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def focus_on(selector: str, occasion: str) -> None:
    """Move the focus to the first element matching `selector` once it is on the page.
    `occasion` tells one move from the next (the same script twice in a row would not run
    again): e.g. the path the learner has taken so far."""
    script = f"""<script>
(() => {{
  const occasion = {_js(occasion)};  // makes this move's script differ from the last one's
  const until = Date.now() + {SEARCH_MILLISECONDS};
  const find = () => {{
    const target = document.querySelector({_js(selector)});
    if (target) {{
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus();
    }} else if (Date.now() < until) {{
      requestAnimationFrame(find);
    }}
  }};
  find();
}})();
</script>"""
    st.html(script, unsafe_allow_javascript=True, width="content")


# The key of a question's box on the quiz page; its element's class starts with
# "st-key-question-box-", which no widget key of the page makes (they start with "attempt-").
QUESTION_BOX = "question-box"

# Installed once per browser page (the app's pages share one document): whenever Streamlit
# draws, each question box becomes a group labelled by its caption ("Question 3 of 10") and
# its prompt, the first text after the caption.
QUESTION_GROUPS = """<script>
(() => {
  if (window.coursewareQuestionGroups) return;
  window.coursewareQuestionGroups = true;
  let made = 0;
  const idOf = element => element.id || (element.id = `cw-label-${++made}`);
  const label = () => {
    for (const box of document.querySelectorAll('[class*="st-key-question-box-"]')) {
      const caption = box.querySelector("[data-testid=stCaptionContainer]");
      const prompt = [...box.querySelectorAll("[data-testid=stMarkdownContainer]")].find(
        text => !text.closest("[data-testid=stCaptionContainer]") && text.textContent.trim());
      if (!caption || !prompt) continue;
      const names = `${idOf(caption)} ${idOf(prompt)}`;
      if (box.getAttribute("aria-labelledby") !== names) {
        box.setAttribute("role", "group");
        box.setAttribute("aria-labelledby", names);
      }
    }
  };
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; label(); });
  }).observe(document.body, {childList: true, subtree: true});
  label();
})();
</script>"""


def connection_lost_notice(message: str) -> str:
    """A banner across the top (CSS) and an alert (a live region a script fills) while the
    page's connection is down, both with `message`; drawn by the browser alone, since the
    server cannot be reached then. Both read Streamlit's connection state from the app's
    `data-test-connection-state` attribute (the one its own browser tests wait on)."""
    return f"""<style>
.stApp:not([data-test-connection-state="CONNECTED"])::before {{ content: {_css(message)};
  position: fixed; inset: 0 0 auto 0; z-index: 1000100; padding: 0.75rem 1rem;
  background: #8a1c1c; color: #ffffff; font-weight: 600; text-align: center; }}
.cw-connection-alert {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }}
</style><script>
(() => {{
  window.coursewareConnectionLost = {_js(message)};  // again whenever the language changes
  if (window.coursewareConnectionWatch) return;
  window.coursewareConnectionWatch = true;
  const alert = document.createElement("div");
  alert.className = "cw-connection-alert";
  alert.setAttribute("role", "alert");
  document.body.appendChild(alert);
  const update = () => {{
    const state = document.querySelector("[data-testid=stApp]")?.dataset.testConnectionState;
    const text = state && state !== "CONNECTED" ? window.coursewareConnectionLost : "";
    if (alert.textContent !== text) alert.textContent = text;
  }};
  new MutationObserver(update).observe(document.body, {{
    attributes: true, subtree: true, attributeFilter: ["data-test-connection-state"]}});
}})();
</script>"""


def question_box_key(attempt_id: int, question_id: str) -> str:
    return f"{QUESTION_BOX}:{attempt_id}:{question_id}"


def live_region(text: str, css_class: str) -> None:
    """A polite live region (role="status"): a screen reader reads out a change of its text,
    after what it is reading. Draw it on every run, empty when there is nothing to say, so
    that it is on the page before its text appears (one that appears with its text is not
    announced by every screen reader). Streamlit's own st.info and st.success are live
    regions too, but ones that come and go with their text."""
    st.markdown(
        f'<div class="{css_class}" role="status" aria-live="polite" aria-atomic="true">'
        f"{html.escape(text)}</div>",
        unsafe_allow_html=True,
    )


def _css(value: str) -> str:
    """A CSS string literal that cannot end the style element it is written in."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\3c ")


def _js(value: str) -> str:
    """A JavaScript string literal that cannot end the script element it is written in."""
    return json.dumps(value).replace("<", "\\u003c")
