"""Turning a parsed YAML document into a validated model, with every problem on its line."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from courseware.content.notes import data_markers, data_notes
from courseware.content.problems import ContentError, Problem
from courseware.content.yaml_source import DataPath, YamlDocument

Model = TypeVar("Model", bound=BaseModel)


def known_field_names(*models: type[BaseModel]) -> set[str]:
    """Every field name of the given models and of the models nested in them."""
    names: set[str] = set()
    pending = list(models)
    seen: set[type] = set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        # As written in files: a field named after a Python keyword has it as its alias.
        names.update(field.alias or name for name, field in model.model_fields.items())
        for field in model.model_fields.values():
            pending.extend(_nested_models(field.annotation))
    return names


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for argument in getattr(annotation, "__args__", ()) or ():
        found.extend(_nested_models(argument))
    for meta in getattr(annotation, "__metadata__", ()) or ():
        found.extend(_nested_models(meta))
    return found


def _resolve(data: Any, loc: tuple) -> tuple[DataPath, str | None]:
    """Map pydantic's error location onto the path in the file.

    Pydantic inserts the tag of a discriminated union (e.g. 'single_choice') into the
    location; such segments are not in the data and are skipped. A last segment that is not
    in the data is the name of a missing field, returned separately.
    """
    path: list[str | int] = []
    node = data
    for position, segment in enumerate(loc):
        in_mapping = isinstance(node, dict) and isinstance(segment, str) and segment in node
        in_list = isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node)
        if in_mapping or in_list:
            node = node[segment]
            path.append(segment)
        elif position == len(loc) - 1 and isinstance(segment, str):
            return tuple(path), segment
    return tuple(path), None


def describe_path(data: Any, path: DataPath) -> str:
    """`questions[2] (q-consent).options[0]`: where a problem is, for a human."""
    label = ""
    node = data
    for segment in path:
        if isinstance(segment, int):
            label += f"[{segment}]"
            node = node[segment] if isinstance(node, list) and segment < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str | int):
                label += f" ({node['id']})"
        else:
            label += f".{segment}" if label else segment
            node = node.get(segment) if isinstance(node, dict) else None
    return label


def _message(error: dict, missing: str | None, field_names: set[str]) -> str:
    kind = error["type"]
    ctx = error.get("ctx", {})
    if kind == "missing":
        return f"missing required field '{missing}'"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, sorted(field_names), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{name}'{hint}"
    if kind == "union_tag_invalid":
        if ctx.get("tag") == "scenario":
            return "a scenario cannot contain another scenario"
        expected = ctx.get("expected_tags")
        return f"unknown question type '{ctx.get('tag')}' (expected one of: {expected})"
    if kind == "union_tag_not_found":
        return "missing required field 'type'"
    if kind == "literal_error":
        return f"must be one of: {ctx.get('expected')}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s), found {ctx.get('actual_length')}"
    if kind == "too_long":
        return f"may have at most {ctx.get('max_length')} item(s), found {ctx.get('actual_length')}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "must be a mapping of fields"
    if kind == "list_type":
        return "must be a list"
    message = error["msg"]
    return message.removeprefix("Value error, ")


def validate_model(
    document: YamlDocument, model: type[Model], context: dict | None = None
) -> Model:
    """Validate the document's data as `model`; raises ContentError with every problem found."""
    try:
        return model.model_validate(document.data, context=context)
    except ValidationError as exc:
        field_names = known_field_names(model)
        problems = []
        for error in exc.errors():
            path, missing = _resolve(document.data, tuple(error["loc"]))
            line_path = path
            if error["type"] == "union_tag_invalid":
                line_path = (*path, "type")
            where = describe_path(document.data, path)
            message = _message(error, missing, field_names)
            problems.append(document.error(line_path, f"{where}: {message}" if where else message))
        raise ContentError(_unique(problems)) from None


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def language_problems(
    document: YamlDocument, model: BaseModel, languages: tuple[str, ...]
) -> list[Problem]:
    """Unknown language codes (errors) and missing translations (warnings) in every Text."""
    problems: list[Problem] = []

    def walk(value: Any, path: DataPath) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), (*path, name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, dict):
            # The only mappings in content models are Text values {language: text}.
            for language in value:
                if language not in languages:
                    problems.append(
                        document.error(
                            (*path, language),
                            f"{describe_path(document.data, path)}: unknown language code "
                            f"'{language}' (the course's languages: {', '.join(languages)})",
                        )
                    )
            for language in languages:
                if language not in value:
                    where = describe_path(document.data, path)
                    problems.append(
                        document.warning(path, f"{where}: missing '{language}' translation")
                    )

    walk(model, ())
    return problems


def rule_problems(document: YamlDocument, rules: list[tuple[DataPath, str]]) -> list[Problem]:
    return [
        document.error(path, f"{describe_path(document.data, path)}: {message}")
        for path, message in rules
    ]


def note_problems(document: YamlDocument) -> list[Problem]:
    """Every author's note (`note:` fields) as information, and a warning for every doubt
    marker ("to be confirmed", "treba potvrditi"...) in text that learners see."""
    problems = [
        document.info(path, f"author's note: {note}") for path, note in data_notes(document.data)
    ]
    problems += [
        document.warning(
            path,
            f"{describe_path(document.data, path)}: '{marker}' is shown to learners; state only "
            "what is verified, or move the doubt into a 'note:' field",
        )
        for path, marker in data_markers(document.data)
    ]
    return problems
