"""`pack` and `paper` at the command line, as a trainer would run them."""

from pypdf import PdfReader


def test_pack_writes_one_module_in_cyrillic(run_cli, tmp_path):
    done = run_cli("pack", "referral", "--lang", "sr-Cyrl", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    path = tmp_path / "out" / "field-pack-referral-sr-Cyrl.pdf"
    assert done.stdout.strip().endswith("field-pack-referral-sr-Cyrl.pdf")
    assert "Национални механизам" in PdfReader(path).pages[0].extract_text()


def test_pack_all_shows_progress_and_writes_every_module(run_cli, course_dir):
    done = run_cli("pack", "--all", "--lang", "sr", "-o", "packs", cwd=course_dir)
    assert done.returncode == 0, done.stderr
    assert "1/1" in done.stderr  # the progress bar
    assert [p.name for p in (course_dir / "packs").iterdir()] == ["field-pack-basics-sr.pdf"]


def test_pack_refuses_an_unknown_module(run_cli, tmp_path):
    done = run_cli("pack", "nowhere", "-o", tmp_path)
    assert done.returncode == 2
    assert "unknown module 'nowhere'" in done.stderr


def test_paper_prints_variants_and_keys_or_names_what_cannot_be_printed(
    run_cli, course_dir, monkeypatch
):
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", f"sqlite:///{course_dir / 'data' / 'c.db'}")
    done = run_cli("paper", "basics-final", "--variants", "3", "-o", "out", cwd=course_dir)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in (course_dir / "out").iterdir())
    assert names == ["basics-final-en-keys.pdf", "basics-final-en-variants.pdf"]
    assert len(PdfReader(course_dir / "out" / "basics-final-en-keys.pdf").pages) == 3
    refused = run_cli("paper", "evaluation", "-o", "out", cwd=course_dir)
    assert refused.returncode == 2
    assert "question 'e1' is a 'likert' question" in refused.stderr


def test_paper_prints_a_final_with_its_case_as_a_booklet(run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", f"sqlite:///{tmp_path / 'c.db'}")
    done = run_cli("paper", "referral-final", "--variants", "2", "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    papers = PdfReader(tmp_path / "out" / "referral-final-en-variants.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in papers.pages)
    assert "Step 1 " in text and "→ turn to step" in text and "This is an ending" in text
    keys = PdfReader(tmp_path / "out" / "referral-final-en-keys.pdf")
    assert "Recommended path" in " ".join(page.extract_text() for page in keys.pages)


def test_paper_refuses_a_quiz_whose_file_says_paper_false(run_cli, course_dir, monkeypatch):
    monkeypatch.setenv("COURSEWARE_DATABASE_URL", f"sqlite:///{course_dir / 'data' / 'c.db'}")
    final = course_dir / "quizzes" / "basics-final.yaml"
    final.write_text(final.read_text().replace("kind: final\n", "kind: final\npaper: false\n"))
    refused = run_cli("paper", "basics-final", "-o", "out", cwd=course_dir)
    assert refused.returncode == 2
    assert "quiz 'basics-final' cannot be printed: its file says paper: false" in refused.stderr
    assert not (course_dir / "out").exists()
