"""The accessibility gate: axe-core (pinned, from the npm registry) on every page of every role
(anonymous, learner, trainer, coordinator, admin) in English, Serbian Latin and Serbian
Cyrillic, on a desktop and a 390×844 phone viewport. Any serious or critical violation of a
WCAG 2.0/2.1/2.2 A or AA rule fails; moderate and minor ones are written to
test-artifacts/accessibility/. One server and one signed-in browser per role serve all views;
the quiz shows one question of each type, a branching case among them (a test course)."""

from __future__ import annotations

import pytest

import tests.e2e.needs_browser  # noqa: F401  (first: skips here before Playwright is imported)
from courseware.content.catalog import load_catalog
from courseware.store.accounts import update_profile
from courseware.store.attempts import save_answer, start_attempt, submit_attempt
from courseware.store.auth import authenticate, sign_in
from courseware.ui.views.coordinator import FOLDS
from tests.conftest import write_small_course
from tests.e2e.axe import check_page, summary, write_report
from tests.e2e.conftest import (
    ORGANISATION,
    TRAINER_EMAIL,
    TRAINER_PASSWORD,
    WAIT_MS,
    _cli,
    launch_app,
    open_server_database,
    sign_up_learner,
    with_session,
)
from tests.e2e.streamlit_page import key_class, unfold, wait_for_app
from tests.quiz_files import BRANCHING

pytestmark = pytest.mark.e2e

PASSWORD = "a long enough password"
LANGUAGES = {"en": ("en", "latin"), "sr-Latn": ("sr", "latin"), "sr-Cyrl": ("sr", "cyrillic")}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
RADIO_LABEL = {"en": "English", "sr-Latn": "Srpski (latinica)", "sr-Cyrl": "Српски (ћирилица)"}

EVERY_TYPE = """\
questions:
  - {id: q-single, type: single_choice, prompt: {en: Pick one, sr: Izaberite jedan},
     options: [{id: a, text: {en: First, sr: Prvi}, correct: true},
               {id: b, text: {en: Second, sr: Drugi}}]}
  - {id: q-multi, type: multiple_choice, prompt: {en: Pick some, sr: Izaberite više},
     options: [{id: a, text: {en: One, sr: Jedan}, correct: true},
               {id: b, text: {en: Two, sr: Dva}, correct: true}, {id: c, text: {en: Three, sr: Tri}}]}
  - {id: q1, type: true_false, prompt: {en: Is it so?, sr: Da li je tako?}, answer: true}
  - id: q-match
    type: matching
    prompt: {en: Match them, sr: Povežite}
    pairs:
      - {id: p1, left: {en: Police, sr: Policija}, right: {en: Investigates, sr: Istražuje}}
      - {id: p2, left: {en: Centre, sr: Centar}, right: {en: Identifies, sr: Identifikuje}}
  - {id: q-order, type: ordering, prompt: {en: Put in order, sr: Poređajte},
     items: [{id: x, text: {en: Meet, sr: Susret}}, {id: y, text: {en: Refer, sr: Uputite}}]}
  - {id: q-num, type: numeric, prompt: {en: How many days?, sr: Koliko dana?}, answer: 90,
     tolerance: 0, unit: days}
  - id: q-scenario
    type: scenario
    prompt: {en: Read the case, sr: Pročitajte slučaj}
    case: {en: A man works without pay., sr: Čovek radi bez plate.}
    questions:
      - {id: q-scenario-a, type: true_false, prompt: {en: Is he exploited?, sr: Da li je iskorišćen?}, answer: true}
"""


def _course(folder):
    course = write_small_course(folder)
    branching = "\n".join("  " + line for line in BRANCHING.splitlines())
    (course / "quizzes" / "basics-final.yaml").write_text(
        "id: basics-final\nmodule: basics\nkind: final\nmax_attempts: 3\n"
        "title: {en: Final, sr: Završni}\n" + EVERY_TYPE + branching + "\n",
        encoding="utf-8",
    )
    return course


@pytest.fixture(scope="module")
def gate(tmp_path_factory, browser):
    """The server, its database, and one signed-in browser context per role."""
    folder = tmp_path_factory.mktemp("a11y")
    course = _course(folder / "course")
    server_folder = folder / "server"
    server_folder.mkdir()
    server = launch_app(server_folder, COURSEWARE_CONTENT_DIR=str(course))
    try:
        yield from _signed_in(server, course, browser)
    finally:
        server.stop()


def _signed_in(server, course, browser):
    db = open_server_database(server)
    url = server.database_url
    _cli(
        url,
        "user",
        "add",
        "coord@example.org",
        "--role",
        "coordinator",
        "--org",
        ORGANISATION,
        "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )
    _cli(
        url,
        "user",
        "add",
        "admin@example.org",
        "--role",
        "admin",
        "--org",
        ORGANISATION,
        "--password-stdin",
        stdin=f"{PASSWORD}\n",
    )
    tokens = {
        "learner": sign_up_learner(db, server, "ana@example.org", "Ana Petrović", PASSWORD),
        "trainer": sign_in(db, TRAINER_EMAIL, TRAINER_PASSWORD, "127.0.0.1").token,
        "coordinator": sign_in(db, "coord@example.org", PASSWORD, "127.0.0.1").token,
        "admin": sign_in(db, "admin@example.org", PASSWORD, "127.0.0.1").token,
    }
    # The learner: one attempt submitted (for the review and the reports), one in progress.
    learner = authenticate(db, tokens["learner"]).actor
    quiz = load_catalog(course).quizzes["basics-final"]
    done = start_attempt(db, learner, quiz)
    save_answer(db, learner, done.id, "q1", True)
    save_answer(db, learner, done.id, "case-girl", ["ask-alone", "call-centre"])
    submit_attempt(db, learner, done.id)
    start_attempt(db, learner, quiz)
    pages = {}
    for role in ["anonymous", *tokens]:
        # bypass_csp: axe is injected into the sign-in pages too, whose policy forbids scripts.
        context = browser.new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True)
        context.set_default_timeout(WAIT_MS)
        if role in tokens:
            pages[role] = with_session(context, db, server.url, tokens[role])
        else:
            pages[role] = context.new_page()
    actors = {role: authenticate(db, token).actor for role, token in tokens.items()}
    yield server, db, pages, actors, {"review": done.id, "learner_id": learner.user_id}
    for page in pages.values():
        page.context.close()
    db.dispose()


def _views(role: str, ids: dict) -> list[str]:
    learner = [
        "/learning",
        "/module?module=basics&lesson=intro",
        "/quiz?quiz=basics-final",
        f"/review?attempt={ids['review']}",
        "/results",
        "/account",
        "/verify",
    ]
    trainer = ["/cohorts", f"/learner?user={ids['learner_id']}", "/quiz-report"]
    admin = [
        *("/organisations", "/manage-cohorts", "/accounts", "/content", "/regrade", "/audit"),
        "/learning-records",
    ]
    return {
        "anonymous": ["/", "/verify"],
        "learner": learner,
        "trainer": [*trainer, "/learning", "/account"],
        # The coordinator's dashboard is their first page: its address is "/".
        "coordinator": ["/", "/account"],
        "admin": [*admin, "/dashboard", *trainer],
    }[role]


def _unfold_the_dashboard(page) -> None:
    """Every folded section of the dashboard unfolded, so that the gate checks them all."""
    wait_for_app(page)
    for fold in FOLDS:
        if page.locator(f".{key_class(fold)}").count():
            unfold(page, fold)


def _expect_touch_targets(page) -> None:
    """Each option of a radio group or checkbox is at least 24 × 24 px (WCAG 2.2, 2.5.8)."""
    sizes = page.evaluate(
        """() => [...document.querySelectorAll(
            '[data-testid=stMain] :is([data-testid=stRadio], [data-testid=stCheckbox]) label')]
            .map(e => e.getBoundingClientRect()).map(r => [r.width, r.height])"""
    )
    assert sizes, "no options on the quiz page"
    small = [size for size in sizes if min(size) < 24]
    assert not small, f"options smaller than 24 × 24 px: {small}"


def _anonymous_forms(page, base: str, language: str) -> list[tuple[str, object]]:
    """The plain HTML pages: sign-in, and sign-up with its validation error shown."""
    lang = "en" if language == "en" else "sr"
    page.goto(f"{base}/auth/sign-in?lang={lang}")
    states = [("/auth/sign-in", None)]
    page.goto(f"{base}/auth/sign-up?lang={lang}")
    page.locator("#invite_code").fill("WRONG-CODE")
    page.locator("#email").fill("someone@example.org")
    page.locator("#name").fill("Someone")
    page.locator("#password").fill(PASSWORD)
    page.locator("#password_again").fill(PASSWORD)
    page.locator("button[type=submit]").click()
    page.locator("[role=alert]").wait_for()
    states.append(("/auth/sign-up (error)", None))
    return states


# Every language on the desktop; on the phone English and Cyrillic (Serbian Latin has the same
# layout and colours as Cyrillic: only the letters differ).
MATRIX = [("desktop", language) for language in LANGUAGES] + [("phone", "en"), ("phone", "sr-Cyrl")]


@pytest.mark.parametrize(("viewport", "language"), MATRIX)
@pytest.mark.parametrize("role", ["anonymous", "learner", "trainer", "coordinator", "admin"])
def test_no_serious_or_critical_violations(gate, role, language, viewport):
    server, db, pages, actors, ids = gate
    page = pages[role]
    page.set_viewport_size(VIEWPORTS[viewport])
    if role in actors:
        code, script = LANGUAGES[language]
        update_profile(db, actors[role], language=code, script=script)
    findings = []
    for path in _views(role, ids):
        page.goto(server.url + path)
        if role == "anonymous" and language != "en":
            # The switch is in the sidebar, which a phone keeps closed: choose on a wide page.
            page.set_viewport_size(VIEWPORTS["desktop"])
            page.get_by_text(RADIO_LABEL[language], exact=True).click()
            wait_for_app(page)
            page.set_viewport_size(VIEWPORTS[viewport])
        if path in ("/", "/dashboard") and role in ("coordinator", "admin"):
            _unfold_the_dashboard(page)
        findings += check_page(page, path)
        if path.startswith("/quiz?") and viewport == "phone":
            _expect_touch_targets(page)
    if role == "anonymous":
        for view, _ in _anonymous_forms(page, server.url, language):
            findings += check_page(page, view)
    name = f"{role}-{language}-{viewport}"
    write_report(name, findings)
    failing = [f for f in findings if f.fails]
    assert not failing, f"{name}: serious or critical violations:\n{summary(failing)}"


# Reflow (WCAG 1.4.10): at 320 CSS px wide (as a 1280 px window at 400% zoom, and beyond the
# 200% the issue asks) nothing needs scrolling sideways and nothing is cut off. Tables and
# charts are two-dimensional content the criterion exempts: they scroll inside themselves, as
# a bar of tabs does.
NARROW = {"width": 320, "height": 640}
BEYOND_THE_EDGE = """() => {
  const exempt = "[data-testid=stDataFrame], [data-testid=stTable], .js-plotly-plot, pre";
  const width = document.documentElement.clientWidth;
  // A strip that scrolls inside itself (the tabs' bar) keeps its content reachable.
  const insideScroller = element => {
    for (let up = element.parentElement; up && up.dataset.testid !== "stMain";
         up = up.parentElement) {
      if (["auto", "scroll"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  const found = [];
  for (const element of document.querySelectorAll("[data-testid=stMain] *")) {
    if (element.closest(exempt)) continue;
    // Drawing without words (a progress bar's fill slides in from the left) is not content.
    const shows = (element.textContent ?? "").trim() || element.matches("img, input, button");
    if (!shows) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (box.right > width + 1 || box.left < -1) {
      if (insideScroller(element)) continue;
      const owner = element.closest("[data-testid]")?.dataset.testid;
      found.push(`${element.tagName.toLowerCase()} in ${owner} `
        + `${Math.round(box.left)}..${Math.round(box.right)}: `
        + (element.textContent ?? "").trim().slice(0, 60));
    }
  }
  const sideways = document.documentElement.scrollWidth > width + 1;
  return {sideways, found: found.slice(0, 10)};
}"""


@pytest.mark.parametrize("language", ["en", "sr-Cyrl"])
@pytest.mark.parametrize("role", ["anonymous", "learner", "trainer", "coordinator", "admin"])
def test_every_page_reflows_at_320_css_pixels(gate, role, language):
    server, db, pages, actors, ids = gate
    page = pages[role]
    if role in actors:
        code, script = LANGUAGES[language]
        update_profile(db, actors[role], language=code, script=script)
    elif language != "en":
        pytest.skip("the anonymous pages' language is chosen in the sidebar: English is enough")
    page.set_viewport_size(NARROW)
    try:
        problems = {}
        for path in _views(role, ids):
            page.goto(server.url + path)
            wait_for_app(page)
            result = page.evaluate(BEYOND_THE_EDGE)
            if result["sideways"] or result["found"]:
                problems[path] = result
        assert not problems, f"{role}, {language}: content beyond 320 px: {problems}"
    finally:
        page.set_viewport_size(VIEWPORTS["desktop"])
