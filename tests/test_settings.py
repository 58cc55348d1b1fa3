from datetime import timedelta

from courseware.settings import REPO_ROOT, load_settings


def test_by_default_the_database_is_a_sqlite_file_in_the_data_folder(monkeypatch):
    monkeypatch.delenv("COURSEWARE_DATABASE_URL", raising=False)
    settings = load_settings(_env_file=None)
    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'data' / 'courseware.db'}"
    assert settings.database_url.startswith("sqlite:////")  # an absolute path
    assert (settings.session_idle, settings.session_lifetime) == (
        timedelta(hours=8),
        timedelta(days=7),
    )
    assert (settings.lockout_failures_per_account, settings.lockout_window) == (
        10,
        timedelta(minutes=15),
    )
    assert not settings.session_cookie_secure


def test_environment_variables_and_a_dotenv_file_configure_it(monkeypatch, tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("COURSEWARE_SESSION_IDLE_HOURS=2\nCOURSEWARE_SESSION_COOKIE_SECURE=true\n")
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", "postgresql+psycopg://app@db.example.org/course")
    settings = load_settings(_env_file=dotenv)
    assert settings.database_url == "postgresql+psycopg://app@db.example.org/course"
    assert settings.session_idle == timedelta(hours=2)
    assert settings.session_cookie_secure
