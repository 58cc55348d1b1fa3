"""A learner on a weak connection: Chromium's network emulation ("slow 3G": 400 kbit/s each
way, 400 ms latency), a phone-sized page, the real course on a fresh database.

    python -m bench.weak_network [--nginx]

Prints, for the app served as `make run` serves it (and with --nginx, behind the shipped
deploy/nginx.conf): bytes on the wire and seconds to the first question on a first visit
(empty cache) and on a repeat visit (same browser profile), and seconds from choosing an
answer to its being saved and the page settled. Measurements, never assertions.

Before measuring, one unthrottled visit warms the server (a learner's first visit meets an app
that has served others; a freshly started process would add its own start-up, about 3 s here).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from courseware.content.catalog import load_catalog
from courseware.settings import load_settings
from courseware.store.attempts import start_attempt
from courseware.store.auth import authenticate
from tests.e2e.browser import CHROMIUM_ARGS, find_chromium
from tests.e2e.conftest import _free_port, launch_app, open_server_database, sign_up_learner
from tests.e2e.streamlit_page import QuizPlayer, wait_for_app

QUIZ = "identification-final"
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400 * 1024 / 8,
    "uploadThroughput": 400 * 1024 / 8,
}
PHONE = {"width": 390, "height": 844}


def _visit(context, url: str, db, actor, attempt_id: int, answer: bool) -> dict:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    wire = {"bytes": 0, "requests": 0}

    def finished(event) -> None:
        wire["bytes"] += event["encodedDataLength"]
        wire["requests"] += 1

    cdp.on("Network.loadingFinished", finished)
    started = time.perf_counter()
    page.goto(f"{url}/quiz?quiz={QUIZ}", timeout=300_000)
    player = QuizPlayer(page, db, actor, attempt_id)
    first = next(leaf for leaf in player.leaves() if leaf.type == "single_choice")
    player.widget(first.id).get_by_role("radio").first.wait_for(timeout=300_000)
    result = {"first_question_s": time.perf_counter() - started}
    wait_for_app(page)
    result |= {"bytes": wire["bytes"], "requests": wire["requests"]}
    if answer:
        option = player.layout.option_orders[first.id][0]
        clicked = time.perf_counter()
        player.answer(first, option)
        result["answer_saved_s"] = time.perf_counter() - clicked
    page.close()
    return result


def _session_context(browser, url: str, db):
    context = browser.new_context(viewport=PHONE)
    context.add_cookies(
        [{"name": db.settings.session_cookie_name, "value": TOKEN[0], "url": url, "httpOnly": True}]
    )
    return context


def _warm_up(url: str, browser, db, actor, attempt_id: int) -> None:
    context = _session_context(browser, url, db)
    page = context.new_page()
    page.goto(f"{url}/quiz?quiz={QUIZ}", timeout=300_000)
    player = QuizPlayer(page, db, actor, attempt_id)
    first = next(leaf for leaf in player.leaves() if leaf.type == "single_choice")
    player.widget(first.id).get_by_role("radio").first.wait_for(timeout=300_000)
    context.close()


def measure(url: str, browser, db, actor, attempt_id: int) -> dict:
    _warm_up(url, browser, db, actor, attempt_id)
    context = _session_context(browser, url, db)
    first = _visit(context, url, db, actor, attempt_id, answer=True)
    repeat = _visit(context, url, db, actor, attempt_id, answer=False)
    context.close()
    return {"first": first, "repeat": repeat}


TOKEN: list[str] = []


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import expect, sync_playwright

    # At 400 kbit/s a widget's code can take longer to arrive than a test would wait.
    expect.set_options(timeout=120_000)

    parser = argparse.ArgumentParser(prog="python -m bench.weak_network", description=__doc__)
    parser.add_argument("--nginx", action="store_true", help="also behind deploy/nginx.conf")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="weak-network-"))
    server = launch_app(folder)
    proxy = None
    try:
        db = open_server_database(server)
        TOKEN.append(sign_up_learner(db, server, "bench@example.org", "Bench", "a long password"))
        actor = authenticate(db, TOKEN[0]).actor
        quiz = load_catalog(load_settings().content_dir).quizzes[QUIZ]
        attempt_id = start_attempt(db, actor, quiz).id
        targets = {"make run": server.url}
        if args.nginx:
            from tests.e2e.deploy.nginx import Nginx, find_nginx

            proxy = Nginx(
                find_nginx(), folder / "nginx", (server.port, server.port), _free_port(), None
            )
            proxy.start()
            targets["nginx"] = proxy.url
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True
            )
            for name, url in targets.items():
                figures = measure(url, browser, db, actor, attempt_id)
                for visit, values in figures.items():
                    line = ", ".join(
                        f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v:,}"
                        for k, v in values.items()
                    )
                    print(f"{name:9} {visit:7} {line}", flush=True)
            browser.close()
    finally:
        if proxy is not None:
            proxy.stop()
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
