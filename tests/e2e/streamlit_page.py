"""Driving the app's Streamlit pages in a real browser the way a learner does: widgets are
found by their key (Streamlit puts `st-key-<key>` on each keyed widget) and then used by
the texts the learner reads. Each answer is confirmed where it matters: in the database."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

from courseware.access import Actor
from courseware.content.fields import localize
from courseware.content.questions import LeafQuestion
from courseware.i18n import Translator
from courseware.store import Database
from courseware.store.attempts import get_attempt, list_attempts
from courseware.store.auth import authenticate

ENGLISH = Translator("en")
SAVE_TIMEOUT_SECONDS = 30
# Long pages are captured whole, up to this height in pixels.
MAX_SCREENSHOT_HEIGHT = 12_000


def wait_for_app(page: Page) -> None:
    """Until the page is connected, its script has finished running (the attributes
    Streamlit's own browser tests wait on) and every element is drawn."""
    app = "[data-testid='stApp']"
    page.locator(f"{app}[data-test-connection-state='CONNECTED']").wait_for(state="attached")
    page.locator(f"{app}[data-test-script-state='notRunning']").wait_for(state="attached")
    # Widgets whose code is still loading are drawn as placeholders.
    expect(page.locator("[data-testid='stSkeleton']")).to_have_count(0)


# A JavaScript function: whether a Plotly chart element (`stPlotlyChart`) holds a graph
# Plotly has finished drawing: its layout computed, its traces (or heatmap, or Sankey) in
# the SVG, no drawing promise pending.
CHART_DRAWN = """chart => {
  const graph = chart.querySelector(".js-plotly-plot");
  return Boolean(graph && graph._fullLayout
    && graph.querySelector(".main-svg :is(.trace, .hm, .sankey)")
    && !(graph._promises && graph._promises.length));
}"""


def unfold(page: Page, key: str) -> None:
    """Unfold the folded section `key` (`report_widgets.on_demand`) as a keyboard user does:
    its label focused, then Enter; until the page has run again with it open."""
    label = page.locator(f".{key_class(key)} summary")
    label.focus()
    expect(label).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f".{key_class(key)} details")).to_have_attribute("open", "")
    wait_for_app(page)


def save_screenshot(page: Page, path: Path) -> Path:
    """The whole page. Streamlit scrolls inside its main area, not the document, so the
    viewport is made as tall as that area for the picture."""
    if page.locator("[data-testid='stApp']").count():
        wait_for_app(page)
    size = page.viewport_size
    height = page.evaluate(
        "() => document.querySelector(\"[data-testid='stMain']\")?.scrollHeight ?? 0"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": max(size["height"], min(height, MAX_SCREENSHOT_HEIGHT))}
    )
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size(size)
    return path


def after_scroll_events(page: Page) -> None:
    """Until the events of a scroll just made have been dispatched (a browser dispatches them
    before the next animation frame)."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SAVE_TIMEOUT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def key_class(key: str) -> str:
    """The CSS class Streamlit gives the element of a widget with this key."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def english(text: Any) -> str:
    return localize(text, "en")


class QuizPlayer:
    """One attempt on the page: answers its questions as a learner would and checks what the
    browser shows. The attempt's layout (questions drawn, their order, option order) and its
    saved answers are read from the database, as the app itself reads them."""

    def __init__(self, page: Page, db: Database, actor: Actor, attempt_id: int):
        self.page, self.db, self.actor, self.attempt_id = page, db, actor, attempt_id
        attempt = get_attempt(db, actor, attempt_id)
        self.quiz, self.layout = attempt.quiz, attempt.layout

    def leaves(self, question_ids: list[str] | None = None) -> list[LeafQuestion]:
        """The answerable questions of these top-level questions (all of the attempt's by
        default), in the order the page shows them."""
        by_id = {question.id: question for question in self.quiz.questions}
        chosen = self.layout.question_ids if question_ids is None else question_ids
        return [leaf for question_id in chosen for leaf in by_id[question_id].leaves()]

    def saved(self) -> dict[str, Any]:
        return get_attempt(self.db, self.actor, self.attempt_id).answers

    def widget(self, *key_parts: str) -> Locator:
        """The widget with this key. While a rerun redraws the page, a widget that moved
        (an ordering row) is there twice: the one from the previous run is marked stale."""
        key = key_class(":".join([f"attempt-{self.attempt_id}", *key_parts]))
        return self.page.locator(f".{key}:not([data-stale='true'])")

    def _wait_saved(self, leaf: LeafQuestion, expected: Any) -> None:
        def landed() -> bool:
            saved = self.saved().get(leaf.id)
            return saved is not None and leaf.check_answer(saved) == leaf.check_answer(expected)

        wait_until(landed, f"the answer {expected!r} to {leaf.id} in the database")
        # The answer is saved at the start of the rerun its click caused: let the rerun end
        # before the next click (a list opened meanwhile would close as the page redraws).
        wait_for_app(self.page)

    # Answering --------------------------------------------------------------------------------

    def answer(self, leaf: LeafQuestion, answer: Any) -> None:
        getattr(self, f"_answer_{leaf.type}")(leaf, answer)

    def _click_label(self, leaf: LeafQuestion, label: str, answer: Any) -> None:
        self.widget(leaf.id).get_by_text(label, exact=True).click()
        self._wait_saved(leaf, answer)

    def _answer_single_choice(self, leaf: LeafQuestion, option_id: str) -> None:
        self._click_label(leaf, self._option_text(leaf, option_id), option_id)

    def _answer_true_false(self, leaf: LeafQuestion, value: bool) -> None:
        self._click_label(leaf, true_false_label(value), value)

    def _answer_multiple_choice(self, leaf: LeafQuestion, option_ids: list[str]) -> None:
        order = self.layout.option_orders[leaf.id]
        ticked: set[str] = set()
        for option_id in order:
            if option_id in option_ids:
                text = self._option_text(leaf, option_id)
                self.widget(leaf.id, option_id).get_by_text(text, exact=True).click()
                ticked.add(option_id)
                self._wait_saved(leaf, [o for o in order if o in ticked])

    def _answer_matching(self, leaf: LeafQuestion, matches: dict[str, str]) -> None:
        chosen: dict[str, str] = {}
        for pair in leaf.pairs:
            option = self.page.get_by_role(
                "option", name=self._right_text(leaf, matches[pair.id]), exact=True
            )
            # The list closes when the page redraws or scrolls, and Playwright scrolls the
            # arrow into view just before clicking it: click on a calm page, already scrolled.
            # (A click in the field only places the cursor for typing; the arrow opens the list.)
            wait_for_app(self.page)
            arrow = self.widget(leaf.id, pair.id).get_by_role("button", name="Open")
            arrow.scroll_into_view_if_needed()
            after_scroll_events(self.page)
            arrow.click()
            option.click()
            chosen[pair.id] = matches[pair.id]
            self._wait_saved(leaf, dict(chosen))

    def _answer_ordering(self, leaf: LeafQuestion, target: list[str]) -> None:
        """Moves each item up with its ↑ button until it is in its place."""
        saved = self.saved().get(leaf.id)
        order = list(saved or self.layout.option_orders[leaf.id])
        if order == target and saved is None:
            self.widget(leaf.id, "keep").get_by_role("button").click()
            self._wait_saved(leaf, target)
        for position, item_id in enumerate(target):
            while (index := order.index(item_id)) > position:
                self.widget(leaf.id, "up", item_id).get_by_role("button").click()
                order[index - 1], order[index] = order[index], order[index - 1]
                self._wait_saved(leaf, list(order))

    def _answer_numeric(self, leaf: LeafQuestion, value) -> None:
        field = self.widget(leaf.id).locator("input")
        field.fill(f"{float(value):g}")
        field.press("Enter")
        self._wait_saved(leaf, value)

    def _answer_branching(self, leaf: LeafQuestion, path: list[str]) -> None:
        """Presses each choice's button in turn, from where the saved path stops."""
        saved = list(self.saved().get(leaf.id) or [])
        assert path[: len(saved)] == saved, f"{leaf.id}: {path} does not go on from {saved}"
        for length in range(len(saved) + 1, len(path) + 1):
            self.widget(leaf.id, "choose", path[length - 1]).get_by_role("button").click()
            self._wait_saved(leaf, path[:length])

    # Checking what the page shows -------------------------------------------------------------

    def expect_shown(self, leaf: LeafQuestion, answer: Any) -> None:
        getattr(self, f"_shown_{leaf.type}")(leaf, answer)

    def _shown_single_choice(self, leaf: LeafQuestion, option_id: str) -> None:
        label = self._option_text(leaf, option_id)
        expect(self.widget(leaf.id).get_by_role("radio", name=label, exact=True)).to_be_checked()

    def _shown_true_false(self, leaf: LeafQuestion, value: bool) -> None:
        label = true_false_label(value)
        expect(self.widget(leaf.id).get_by_role("radio", name=label, exact=True)).to_be_checked()

    def _shown_multiple_choice(self, leaf: LeafQuestion, option_ids: list[str]) -> None:
        for option_id in self.layout.option_orders[leaf.id]:
            box = self.widget(leaf.id, option_id).get_by_role("checkbox")
            expect(box).to_be_checked(checked=option_id in option_ids)

    def _shown_matching(self, leaf: LeafQuestion, matches: dict[str, str]) -> None:
        for pair in leaf.pairs:
            expect(self.widget(leaf.id, pair.id).get_by_role("combobox")).to_have_value(
                self._right_text(leaf, matches[pair.id])
            )

    def _shown_ordering(self, leaf: LeafQuestion, order: list[str]) -> None:
        # Each row is Markdown "N. text", which the page shows as a list starting at N.
        texts = {item.id: english(item.text) for item in leaf.items}
        for position, item_id in enumerate(order, start=1):
            row = self.page.locator("ol").filter(
                has=self.page.get_by_text(texts[item_id], exact=True)
            )
            expect(row).to_have_js_property("start", position)

    def _shown_numeric(self, leaf: LeafQuestion, value) -> None:
        expect(self.widget(leaf.id).locator("input")).to_have_value(f"{float(value):g}")

    def _shown_branching(self, leaf: LeafQuestion, path: list[str]) -> None:
        """The story so far tells each choice made, and the step reached offers its own."""
        taken, reached = leaf.follow(path)
        story = self.widget(leaf.id, "story")
        for _, choice in taken:
            expect(story.get_by_text(english(choice.text), exact=True)).to_be_visible()
        for choice in reached.choices or []:
            expect(self.widget(leaf.id, "choose", choice.id)).to_be_visible()

    def keyed_order(self) -> list[str]:
        """The attempt's one-widget questions in the order the page shows them."""
        classes = {
            key_class(f"attempt-{self.attempt_id}:{leaf.id}"): leaf.id
            for leaf in self.leaves()
            if leaf.type in ("single_choice", "true_false", "numeric")
        }
        shown = self.page.evaluate(
            "(names) => [...document.querySelectorAll('[class*=st-key-]')]"
            ".flatMap(e => [...e.classList]).filter(c => names.includes(c))",
            list(classes),
        )
        return [classes[name] for name in shown]

    def _option_text(self, leaf: LeafQuestion, option_id: str) -> str:
        return english(next(o.text for o in leaf.options if o.id == option_id))

    def _right_text(self, leaf: LeafQuestion, right_id: str) -> str:
        rights = {p.id: p.right for p in leaf.pairs} | {d.id: d.text for d in leaf.distractors}
        return english(rights[right_id])


def true_false_label(value: bool) -> str:
    return ENGLISH("quiz.true") if value else ENGLISH("quiz.false")


def learner_actor(db: Database, page: Page) -> Actor:
    """The signed-in learner, known by the session cookie the browser holds (HttpOnly: the
    page's scripts cannot read it, the test's browser context can)."""
    name = db.settings.session_cookie_name
    token = next(c["value"] for c in page.context.cookies() if c["name"] == name)
    identity = authenticate(db, token)
    assert identity is not None, "the browser's session is not valid"
    return identity.actor


def started_attempt(db: Database, actor: Actor, quiz_id: str) -> int:
    """The id of the learner's attempt in progress, once the page has started it."""
    found: list[int] = []

    def started() -> bool:
        found[:] = [
            a.id
            for a in list_attempts(db, actor, actor.user_id, quiz_id)
            if a.state == "in_progress"
        ]
        return bool(found)

    wait_until(started, f"an attempt at {quiz_id}")
    return found[0]


def start_quiz(page: Page, db: Database, actor: Actor, quiz_id: str) -> QuizPlayer:
    page.get_by_role("button", name=ENGLISH("quiz.start"), exact=True).click()
    expect(page.get_by_text(ENGLISH("quiz.autosave"))).to_be_visible()
    return QuizPlayer(page, db, actor, started_attempt(db, actor, quiz_id))
