"""A quiz file from the questions of a Moodle XML or GIFT file: ids, scenarios from
descriptions, the quiz's settings, one warning per loss or skip on the line where the
question starts, and the file checked exactly as `validate` checks it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from courseware.content.problems import ContentError, Problem
from courseware.content.questions.base import MAX_CHOICES
from courseware.content.quiz import Loaded, load_quiz
from courseware.interop import bank
from courseware.interop.bank import BankQuestion, slug
from courseware.interop.bank_import import Skip, common_fields, is_branching, to_question

KEPT_SETTINGS = {
    "title": (str, dict),
    "description": (str, dict),
    "pass_mark": (int, float),
    "max_attempts": (int,),
    "shuffle_questions": (bool,),
    "shuffle_options": (bool,),
    "draw": (int,),
    "always_drawn": (list,),
    "time_limit_minutes": (int,),
}


@dataclass
class Parsed:
    """What a reader found in a file: its questions in order (categories included), the
    quiz settings our own export left in it, and warnings already found."""

    questions: list[BankQuestion]
    settings: dict[str, Any] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Imported:
    yaml_text: str
    loaded: Loaded
    warnings: list[Problem]
    imported: int
    skipped: int


class _Ids:
    def __init__(self):
        self.used: set[str] = set()

    def take(self, question: BankQuestion, number: int) -> str:
        wanted = question.meta.get("id") if isinstance(question.meta.get("id"), str) else ""
        text = question.text if isinstance(question.text, str) else ""
        base = slug(wanted or question.idnumber or question.name or text[:40], f"q{number}")
        made, counter = base, 2
        while made in self.used:
            made, counter = f"{base}-{counter}", counter + 1
        self.used.add(made)
        return made


def _in_category(path: str, wanted: str | None) -> bool:
    if not wanted:
        return True
    inside = path.split("/top/", 1)[-1] if "/top/" in path else path
    wanted = wanted.strip().removeprefix("$course$/top/").strip("/")
    return inside == wanted or inside.startswith(wanted + "/")


def build_quiz(
    parsed: Parsed,
    file: str,
    *,
    quiz_id: str,
    module: str,
    kind: str,
    category: str | None = None,
    output: str = "quiz.yaml",
) -> Imported:
    warnings = list(parsed.warnings)
    questions: list[dict] = []
    ids = _Ids()
    imported = skipped = 0
    scenario: dict | None = None
    scenario_mark: str | None = None
    current = ""
    starts: dict[str, int] = {}  # the line of each description made a scenario
    categories: list[str] = []
    in_wanted = False  # whether any question is in the category asked for
    # Moodle shuffles the answers of each question or not; here one setting covers the quiz.
    shuffled, in_order = False, []  # the warn of each question Moodle does not shuffle
    for number, question in enumerate(parsed.questions, start=1):

        def warn(message: str, question=question) -> None:
            name = f" '{question.name}'" if question.name else ""
            warnings.append(Problem(file, question.line, "warning", f"question{name}: {message}"))

        if question.qtype == bank.CATEGORY:
            current = question.category
            categories.append(current.split("/top/", 1)[-1])
            scenario = None
            continue
        if not _in_category(current, category):
            continue
        in_wanted = True
        if question.branching and not is_branching(question):
            warn(
                "skipped: a branching case exported by this app whose definition (our "
                "comment) is gone; Moodle shows it as a description and does not grade it"
            )
            skipped += 1
            scenario = None
            continue
        if question.qtype == bank.DESCRIPTION and not is_branching(question):
            if question.text is None and question.case is None:
                warn("an empty description is skipped")
                skipped += 1
                continue
            case = question.case if question.case is not None else question.text
            prompt = question.text if question.case is not None else question.title
            scenario = {"id": ids.take(question, number), "type": "scenario"}
            scenario["prompt"] = prompt if prompt is not None else str(case)[:80]
            scenario["case"] = case
            scenario.update(common_fields(question, warn))
            scenario["questions"] = []
            scenario_mark = question.meta.get("scenario")
            starts[scenario["id"]] = question.line
            questions.append(scenario)
            imported += 1
            continue
        try:
            made = to_question(question, kind, warn)
        except Skip as reason:
            warn(f"skipped: {reason}")
            skipped += 1
            continue
        made["id"] = ids.take(question, number)
        if question.qtype in (bank.MULTICHOICE, bank.MULTICHOICESET, bank.MATCH):
            shuffled = shuffled or question.shuffle
            if not question.shuffle:
                in_order.append(warn)
        imported += 1
        # Without our mark a description takes the questions after it, up to the most a
        # scenario may hold; the rest stand on their own.
        member = scenario is not None and (
            question.meta.get("scenario") == scenario_mark
            if scenario_mark is not None
            else len(scenario["questions"]) < MAX_CHOICES
        )
        if member:
            scenario["questions"].append(made)
        else:
            scenario = None
            questions.append(made)
    for entry in list(questions):
        if entry["type"] == "scenario" and not entry["questions"]:
            questions.remove(entry)
            imported -= 1
            skipped += 1
            warnings.append(
                Problem(
                    file,
                    starts[entry["id"]],
                    "warning",
                    f"description '{entry['id']}' has no question after it: skipped",
                )
            )
    if category and not in_wanted:
        named = ", ".join(f"'{c}'" for c in dict.fromkeys(categories)) or "none"
        message = f"no question in the category '{category}' (the file's categories: {named})"
        raise ContentError([Problem(file, 1, "error", message)])
    if not questions:
        # The warnings say why each question was left out.
        failure = Problem(file, 1, "error", "no question in the file could be imported")
        raise ContentError([*_sorted(warnings), failure])
    settings = dict(parsed.settings)
    if "shuffle_options" not in settings and shuffled:
        settings["shuffle_options"] = True
        for warn in in_order:
            warn(
                "Moodle shows its answers in the order given; here the quiz shuffles the "
                "options of every question (shuffle_options), as other questions of the file ask"
            )
    data = _quiz_data(settings, quiz_id, module, kind, current, questions, warnings, file)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    loaded = load_quiz(text.encode(), output, expected_id=None)
    return Imported(text, loaded, _sorted(warnings), imported, skipped)


def _sorted(warnings: list[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(warnings), key=lambda p: (p.line, p.severity))


def _quiz_data(settings, quiz_id, module, kind, category, questions, warnings, file) -> dict:
    data: dict[str, Any] = {"id": quiz_id, "module": module, "kind": kind}
    kept = {
        key: value
        for key, value in settings.items()
        if key in KEPT_SETTINGS
        and isinstance(value, KEPT_SETTINGS[key])
        and not (isinstance(value, bool) and bool not in KEPT_SETTINGS[key])
    }
    title = kept.pop("title", None)
    if title is None:
        last = category.replace("//", "\x00").rsplit("/", 1)[-1].replace("\x00", "/").strip()
        title = last if last and last != "top" else quiz_id
    data["title"] = title
    data.update(kept)
    if "pass_mark" in data:
        data["pass_mark"] = float(Decimal(repr(data["pass_mark"])))
    if data.get("draw", 0) > len(questions):
        warnings.append(
            Problem(
                file,
                1,
                "warning",
                f"draw {data.pop('draw')} is more than the questions imported: left out",
            )
        )
    if "always_drawn" in data:
        present = {question["id"] for question in questions}
        wanted = [i for i in data.pop("always_drawn") if isinstance(i, str)]
        for missing in [i for i in wanted if i not in present]:
            warnings.append(
                Problem(
                    file,
                    1,
                    "warning",
                    f"always_drawn: question '{missing}' was not imported: left out",
                )
            )
        kept_ids = [i for i in wanted if i in present]
        if kept_ids:
            data["always_drawn"] = kept_ids
    data["questions"] = questions
    return data
