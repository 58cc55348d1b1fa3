from datetime import timedelta

import pytest
from pydantic import ValidationError

from courseware.settings import REPO_ROOT, _key_in_file, load_settings, signing_key


def test_by_default_the_database_is_a_sqlite_file_in_the_data_folder(monkeypatch):
    monkeypatch.delenv("COURSEWARE_DATABASE_URL", raising=False)
    settings = load_settings(_env_file=None)
    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'data' / 'courseware.db'}"
    assert settings.database_url.startswith("sqlite:////")  # an absolute path
    assert (settings.session_idle, settings.session_lifetime) == (
        timedelta(hours=8),
        timedelta(days=7),
    )
    assert (settings.signin_free_failures_per_account, settings.signin_memory) == (
        4,
        timedelta(hours=24),
    )
    assert not settings.session_cookie_secure
    assert settings.trusted_proxy_networks == ()
    assert settings.secret_key is None


def test_environment_variables_and_a_dotenv_file_configure_it(monkeypatch, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("COURSEWARE_SESSION_IDLE_HOURS=2\nCOURSEWARE_SESSION_COOKIE_SECURE=true\n")
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", "postgresql+psycopg://app@db.example.org/course")
    settings = load_settings(_env_file=dotenv)
    assert settings.database_url == "postgresql+psycopg://app@db.example.org/course"
    assert settings.session_idle == timedelta(hours=2)
    assert settings.session_cookie_secure


def test_trusted_proxies_are_addresses_or_networks_and_anything_else_is_refused():
    settings = load_settings(_env_file=None, trusted_proxies=" 127.0.0.1, 10.0.0.0/8,::1 ")
    assert [str(network) for network in settings.trusted_proxy_networks] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "::1/128",
    ]
    with pytest.raises(ValidationError, match="'nginx' is not an IP address or network"):
        load_settings(_env_file=None, trusted_proxies="127.0.0.1,nginx")


def test_the_signing_key_is_the_configured_one_or_made_once_readable_by_the_owner_only(
    tmp_path,
):
    configured = "a configured key that is long enough to sign with"
    assert signing_key(load_settings(_env_file=None, secret_key=configured)) == configured.encode()
    with pytest.raises(ValidationError):
        load_settings(_env_file=None, secret_key="too short")
    path = tmp_path / "data" / "secret.key"
    made = signing_key(load_settings(_env_file=None, secret_key_file=path))
    assert len(made) >= 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert list(path.parent.iterdir()) == [path]
    _key_in_file.cache_clear()
    assert signing_key(load_settings(_env_file=None, secret_key_file=path)) == made
