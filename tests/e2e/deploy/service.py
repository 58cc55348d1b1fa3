"""The environment that the shipped systemd unit (deploy/courseware.service) gives every
instance, so that the deploy tests start the instances as the unit does."""

from __future__ import annotations

from courseware.settings import REPO_ROOT

SHIPPED_SERVICE = REPO_ROOT / "deploy" / "courseware.service"


def shipped_environment() -> dict[str, str]:
    """The unit's `Environment=NAME=value` lines."""
    found = {}
    for line in SHIPPED_SERVICE.read_text().splitlines():
        if line.startswith("Environment="):
            name, _, value = line.removeprefix("Environment=").partition("=")
            found[name] = value
    return found
