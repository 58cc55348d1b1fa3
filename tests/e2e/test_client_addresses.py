"""The real server as `make run` starts it, reached directly on loopback: a client that
sends a different X-Forwarded-For with every try is still counted as one address (uvicorn
believes its own machine's forwarding headers by default; the app does not)."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest

from courseware.i18n import Translator
from courseware.settings import load_settings

pytestmark = pytest.mark.e2e


def test_a_direct_client_rotating_x_forwarded_for_is_still_slowed_down(app_server):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{app_server.url}/auth/sign-in", timeout=30).read().decode()
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    free = load_settings(_env_file=None).signin_free_failures_per_address
    answers = []
    for number in range(free + 1):
        form = {"form_token": token, "email": f"guess{number}@example.org", "password": "x" * 12}
        request = urllib.request.Request(
            f"{app_server.url}/auth/sign-in",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Origin": app_server.url, "X-Forwarded-For": f"192.0.2.{number}"},
        )
        try:
            opener.open(request, timeout=30)
        except urllib.error.HTTPError as reply:
            answers.append(reply.read().decode())
    assert len(answers) == free + 1
    english = Translator("en")
    assert all(english("auth.sign_in_failed") in answer for answer in answers[:free])
    assert english("auth.too_many_tries", wait="15 s") in answers[free]
