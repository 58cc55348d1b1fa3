"""Text that people typed, shown exactly as typed wherever the page renders Markdown.

Streamlit renders Markdown in st.markdown, st.caption, st.write, st.info/warning/error/
success, subheaders, widget and link labels and expander titles, with extras of its own:
LaTeX between dollar signs, emoji and Material icon shortcodes (:smile:, :material/home:),
coloured text and badges (:red[...]), and links and images. A display name like
`![t](http://attacker/pixel.png)` would load an image in a trainer's browser, and
`[re-login](http://x/phish)` would be a link. `plain` is the one function every such place
puts a user's text through: display names, emails, organisation and cohort names, free-text
answers and the store's refusals that quote them.

- Every ASCII punctuation character gets a backslash, which CommonMark (and so GitHub
  Markdown, which Streamlit follows) defines as "this character, literally": no link, image,
  emphasis, heading, list, table, HTML tag, entity or autolink (www., http://, @) can start,
  and `\\$` is not LaTeX.
- A colon followed by a letter, digit, + or - gets an invisible word joiner (U+2060) after
  it: emoji shortcodes are replaced in the text after Markdown is parsed, where a backslash
  no longer counts, and the joiner keeps `:smile:` from matching. Directives (:red[...]) are
  already stopped by the backslash.
"""

from __future__ import annotations

import re
import string

WORD_JOINER = "\u2060"
_PUNCTUATION = re.compile("([" + re.escape(string.punctuation) + "])")
_SHORTCODE_START = re.compile(r":(?=[\w+-])")


def plain(text: object) -> str:
    """`text` as Markdown that renders as exactly its characters."""
    joined = _SHORTCODE_START.sub(":" + WORD_JOINER, str(text))
    return _PUNCTUATION.sub(r"\\\1", joined)
