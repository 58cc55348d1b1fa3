from courseware.content.lesson import Segment, split_lesson


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
