"""Where the keyboard focus goes when an action replaces what the user was on (WCAG 2.4.3):
a pressed button that is no longer drawn would leave the focus at the top of the page, and a
keyboard or screen-reader user would have to find the new content again."""

from __future__ import annotations

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


def _js(value: str) -> str:
    """A JavaScript string literal that cannot end the script element it is written in."""
    return json.dumps(value).replace("<", "\\u003c")
