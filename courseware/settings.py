"""Run-time configuration, read from `COURSEWARE_*` environment variables and an optional `.env`
file in the repository folder. Secrets never live in the repository: only their names do."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = REPO_ROOT / "data" / "courseware.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="COURSEWARE_", env_file=REPO_ROOT / ".env", extra="ignore", frozen=True
    )

    # Any SQLAlchemy URL; PostgreSQL as `postgresql+psycopg://user@host/db`.
    database_url: str = f"sqlite:///{DEFAULT_DATABASE}"
    # How long a SQLite writer waits for another one before giving up (then the store retries).
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)

    session_idle_hours: float = Field(default=8, gt=0)
    session_absolute_days: float = Field(default=7, gt=0)
    session_cookie_name: str = "courseware_session"
    # Set when the app is served over HTTPS, so the browser never sends the cookie in clear.
    session_cookie_secure: bool = False

    # The address learners open the app at, as printed in QR codes and links on paper (field
    # packs): e.g. https://learn.example.org. Without it the codes point at a local app.
    public_url: str = "http://localhost:8501"

    # Failed sign-ins counted over `lockout_minutes`: reaching a threshold locks further tries.
    lockout_minutes: float = Field(default=15, gt=0)
    lockout_failures_per_account: int = Field(default=10, ge=1)
    # Higher than per account: a whole training room often shares one address behind NAT.
    lockout_failures_per_address: int = Field(default=50, ge=1)

    # argon2id cost; the defaults are RFC 9106's second recommended profile (64 MiB, 3 passes).
    # Hashes made with other values are upgraded at the next successful sign-in.
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=65536, ge=64)

    @property
    def session_idle(self) -> timedelta:
        return timedelta(hours=self.session_idle_hours)

    @property
    def session_lifetime(self) -> timedelta:
        return timedelta(days=self.session_absolute_days)

    @property
    def lockout_window(self) -> timedelta:
        return timedelta(minutes=self.lockout_minutes)


def load_settings(**overrides) -> Settings:
    """The settings from the environment; `overrides` win (tests, one-off tools)."""
    return Settings(**overrides)
