"""Derived files made once per machine (courseware/ui/asset_cache.py)."""

from __future__ import annotations

from courseware.ui.asset_cache import cached, key_of


def test_the_bytes_are_made_once_and_read_back_after(tmp_path):
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        return b"subset"

    assert cached("a.woff2", make, tmp_path) == b"subset"
    assert cached("a.woff2", make, tmp_path) == b"subset"
    assert len(made) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["a.woff2"]


def test_a_folder_that_cannot_be_written_still_gives_the_bytes(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert cached("a.br", lambda: b"compressed", blocked / "cache") == b"compressed"


def test_the_key_changes_with_any_part():
    assert key_of(b"font", b"menu") != key_of(b"font", b"menu,close")
    assert key_of(b"fo", b"nt") != key_of(b"f", b"ont")
