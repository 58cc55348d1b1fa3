from courseware.content.lesson import Segment, mermaid_labels, split_lesson
from courseware.i18n import in_script


def test_mermaid_blocks_are_cut_out_of_the_prose():
    text = "# Title\n\nIntro.\n\n```mermaid\nflowchart TD\n  A --> B\n```\n\nAfter.\n"
    assert split_lesson(text) == [
        Segment("markdown", "# Title\n\nIntro.\n\n"),
        Segment("mermaid", "flowchart TD\n  A --> B\n"),
        Segment("markdown", "\n\nAfter.\n"),
    ]


def test_other_code_blocks_stay_in_the_prose():
    text = "Text\n\n```yaml\na: 1\n```\n"
    assert split_lesson(text) == [Segment("markdown", text)]


def test_a_diagram_in_cyrillic_changes_its_labels_not_its_syntax():
    diagram = (
        "flowchart TD\n"
        "  A[Uočeni znaci] --> F{Neposredna opasnost?}\n"
        "  F -- Da --> G[Pozovite policiju: 192]\n"
        '  G -->|Ne| H("Plan (zaštite)")\n'
    )
    cyrillic = mermaid_labels(diagram, lambda text: in_script(text, "sr", "cyrillic"))
    assert cyrillic == (
        "flowchart TD\n"
        "  A[Уочени знаци] --> F{Непосредна опасност?}\n"
        "  F -- Да --> G[Позовите полицију: 192]\n"
        '  G -->|Не| H("План (заштите)")\n'
    )
    assert mermaid_labels(diagram, str) == diagram
