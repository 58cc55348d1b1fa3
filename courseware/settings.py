"""Run-time configuration, read from `COURSEWARE_*` environment variables and an optional `.env`
file in the repository folder. Secrets never live in the repository: only their names do."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from functools import cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = REPO_ROOT / "data" / "courseware.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COURSEWARE_", env_file=REPO_ROOT / ".env", extra="ignore", frozen=True
    )

    # Any SQLAlchemy URL; PostgreSQL as `postgresql+psycopg://user@host/db`.
    database_url: str = f"sqlite:///{DEFAULT_DATABASE}"
    # The folder holding the course (`modules/`, `quizzes/`, `data/contacts.yaml`) the app
    # serves: this repository's, unless a test or a deployment points elsewhere.
    content_dir: Path = REPO_ROOT
    # How long a SQLite writer waits for another one before giving up (then the store retries).
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    # How many days backups are kept (docs/deploy.md deletes older ones): the privacy note
    # tells people how long an erased account lives on in them.
    backup_retention_days: int = Field(default=14, ge=0)

    session_idle_hours: float = Field(default=8, gt=0)
    session_absolute_days: float = Field(default=7, gt=0)
    session_cookie_name: str = "courseware_session"
    # The app's cookies get the Secure flag by themselves when the request came over HTTPS
    # (directly, or through a trusted proxy that says so in X-Forwarded-Proto); `true` sets it
    # always.
    session_cookie_secure: bool = False

    # The address learners open the app at, as printed in QR codes and links on paper (field
    # packs): e.g. https://learn.example.org. Without it the codes point at a local app.
    public_url: str = "http://localhost:8501"

    # The proxies (IP addresses or networks, comma-separated) whose X-Forwarded-For,
    # X-Forwarded-Proto and X-Forwarded-Host are believed. None by default: a client that
    # reaches the app directly cannot choose the address it is counted under.
    trusted_proxies: str = ""

    # Signs the sign-in forms' anti-forgery tokens and the cookie of browsers that signed in
    # before. Every instance of a deployment must have the same: set it (32 characters or
    # more), or let the first start write a random one to `secret_key_file`, readable by the
    # app's user only (enough when all instances share the repository folder).
    secret_key: SecretStr | None = Field(default=None, min_length=32)
    secret_key_file: Path = REPO_ROOT / "data" / "secret.key"

    # Failed sign-ins slow further tries down, per account and per client address; nothing is
    # ever locked. After the free failures, the next try waits `signin_first_wait_seconds`,
    # doubled with each further failure up to `signin_longest_wait_seconds`. Failures older
    # than `signin_memory_hours` are forgotten; a right password forgets the account's at
    # once. A browser that has signed in to the account before is not slowed down by the
    # account's failures (only by its address's), so strangers cannot keep the owner out.
    signin_free_failures_per_account: int = Field(default=4, ge=1)
    # Higher than per account: a whole training room often shares one address behind NAT.
    signin_free_failures_per_address: int = Field(default=30, ge=1)
    signin_first_wait_seconds: float = Field(default=15, gt=0)
    signin_longest_wait_seconds: float = Field(default=300, gt=0)
    signin_memory_hours: float = Field(default=24, gt=0)
    # Sign-up: wrong invite codes (and sign-ups for an email that has an account) from one
    # address, before the same waits begin; and new accounts per invite code per hour.
    signup_free_failures_per_address: int = Field(default=10, ge=1)
    signup_accounts_per_code_per_hour: int = Field(default=100, ge=1)

    # argon2id cost; the defaults are RFC 9106's second recommended profile (64 MiB, 3 passes).
    # Hashes made with other values are upgraded at the next successful sign-in.
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=65536, ge=64)

    # Learning records out (docs/xapi.md): xAPI statements to a Learning Record Store, through
    # an outbox table. Off when no endpoint is set: nothing is written to the outbox then. The
    # endpoint is the LRS's base (e.g. http://127.0.0.1:8100/xAPI); `/statements` is added.
    xapi_endpoint: str | None = None
    xapi_username: str = ""
    xapi_password: SecretStr = SecretStr("")
    # Statements per POST, and how many refusals of a statement by the LRS make it a dead
    # letter (shown on the admin page, sent again only when an admin says so). An LRS that
    # cannot be reached refuses nothing: the sender waits, doubling the wait each time.
    xapi_batch_size: int = Field(default=50, ge=1, le=1000)
    xapi_max_tries: int = Field(default=8, ge=1)
    xapi_first_wait_seconds: float = Field(default=2, gt=0)
    xapi_longest_wait_seconds: float = Field(default=600, gt=0)
    # How often the sender inside the app looks for new statements; `false` for the next one
    # leaves the sending to `python -m courseware xapi send` (cron, or a service of its own).
    xapi_send_interval_seconds: float = Field(default=5, gt=0)
    xapi_send_in_app: bool = True
    # Activity ids are IRIs under this base; empty: `public_url` + "/xapi".
    xapi_activity_base: str = ""
    # Erasing an account also sends `voided` statements for its statements already sent (the
    # LRS keeps them, marked void; most LRSs then hide them from queries).
    xapi_void_on_erase: bool = True
    # Days a sent statement's text is kept in the outbox (the answers in it are in the
    # database already); its id stays, so that erasing the learner can still void it.
    xapi_keep_sent_days: float = Field(default=7, ge=0)

    # Reminder mails of the follow-up plan (docs/followup.md). Without a host no mail is sent:
    # due steps are shown on My learning only. `starttls` upgrades a plain connection (port
    # 587), `ssl` speaks TLS from the start (port 465), `none` is for a relay on the same host.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_from: str = "courseware@localhost"
    smtp_timeout_seconds: float = Field(default=30, gt=0)
    # Like the xAPI sender: a refused or failed mail waits, doubling the wait, and after
    # `reminder_max_tries` is shown to admins as failed (they may send it again).
    reminder_max_tries: int = Field(default=6, ge=1)
    reminder_first_wait_seconds: float = Field(default=60, gt=0)
    reminder_longest_wait_seconds: float = Field(default=6 * 3600, gt=0)
    # How long a sender holds the reminders it took (longer than a mail server's time-out:
    # a sender killed meanwhile leaves them to the next one after this).
    reminder_claim_seconds: float = Field(default=300, gt=0)
    reminder_batch_size: int = Field(default=50, ge=1)
    reminder_send_interval_seconds: float = Field(default=300, gt=0)
    reminder_send_in_app: bool = True

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def xapi_enabled(self) -> bool:
        return bool(self.xapi_endpoint)

    @property
    def xapi_base(self) -> str:
        return (self.xapi_activity_base or f"{self.public_url.rstrip('/')}/xapi").rstrip("/")

    @property
    def session_idle(self) -> timedelta:
        return timedelta(hours=self.session_idle_hours)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(days=self.session_absolute_days)

    @property
    def signin_memory(self) -> timedelta:
        return timedelta(hours=self.signin_memory_hours)

    @property
    def trusted_proxy_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        return tuple(ip_network(entry, strict=False) for entry in _entries(self.trusted_proxies))

    @field_validator("trusted_proxies")
    @classmethod
    def _check_trusted_proxies(cls, value: str) -> str:
        for entry in _entries(value):
            try:
                ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(
                    f"'{entry}' is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
                ) from None
        return value


def _entries(value: str) -> list[str]:
    return [entry.strip() for entry in value.split(",") if entry.strip()]


def load_settings(**overrides) -> Settings:
    """The settings from the environment; `overrides` win (tests, one-off tools)."""
    return Settings(**overrides)


def signing_key(settings: Settings) -> bytes:
    """The key that the app's tokens are signed with: `secret_key`, or the one in
    `secret_key_file`, made at the first call when there is none."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().encode()
    return _key_in_file(settings.secret_key_file)


@cache
def _key_in_file(path: Path) -> bytes:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written under a name of its own, then linked into place: of instances starting
        # together one makes the file, and nobody ever reads a half-written one.
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = path.read_text().strip()
    if len(key) < 32:
        raise ValueError(f"{path} must hold a key of 32 characters or more")
    return key.encode()
