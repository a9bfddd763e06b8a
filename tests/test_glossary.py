"""No catalogue or content data file uses a synonym the glossary (docs/glossary.yaml) rejects."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = yaml.safe_load((ROOT / "docs" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
SKIP = {".venv", "mutants", "node_modules", "var"}

DATA_FILES = [
    ROOT / "assessment" / "data" / "default_questionnaire.yaml",
    ROOT / "recommendations" / "data" / "default_rules.yaml",
    *sorted((ROOT / "cms" / "data" / "demo").glob("*.yaml")),
]


def catalogues(language: str) -> list[Path]:
    return sorted(
        p
        for p in ROOT.glob(f"**/locale/{language}/LC_MESSAGES/django.po")
        if not SKIP & set(p.relative_to(ROOT).parts)
    )


def catalogue_texts(path: Path, language: str) -> Iterator[tuple[str, str]]:
    """What a reader sees: the translation, or for English the msgid when untranslated."""
    with path.open("rb") as handle:
        for message in read_po(handle):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            shown = [s for s in strings if s] or (list(ids) if language == "en" else [])
            for text in shown:
                yield f"{path.relative_to(ROOT)}: {ids[0][:50]!r}", text


def data_texts(node: Any, where: str, language: str = "vi") -> Iterator[tuple[str, str]]:
    """Every text of a content file with its language: ``en`` keys and ``*_en`` fields are
    English, everything else Vietnamese; keys, slugs and URLs are not prose."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {
                "key",
                "slug",
                "url",
                "link",
                "dimension",
                "question",
                "kinds",
                "org_kinds",
                "sectors",
                "topics",
                "any_of",
                "references",
                "featured",
                "number",
            }:
                continue
            english = key == "en" or str(key).endswith("_en")
            vietnamese = key == "vi" or str(key).endswith("_vi")
            child = "en" if english else "vi" if vietnamese else language
            yield from data_texts(value, f"{where}.{key}", child)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from data_texts(value, f"{where}[{index}]", language)
    elif isinstance(node, str):
        yield where, language, node


def all_texts() -> Iterator[tuple[str, str, str]]:
    for language in ("vi", "en"):
        for path in catalogues(language):
            for where, text in catalogue_texts(path, language):
                yield where, language, text
    for path in DATA_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield from data_texts(data, str(path.relative_to(ROOT)))


def rejected(language: str) -> list[tuple[str, str, re.Pattern[str]]]:
    return [
        (term["key"], word, re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"))
        for term in GLOSSARY
        for word in term.get(f"reject_{language}") or []
    ]


def test_the_glossary_names_a_choice_for_every_term():
    for term in GLOSSARY:
        assert term["vi"] and term["en"], term["key"]
        assert set(term) <= {"key", "vi", "en", "note", "reject_vi", "reject_en"}, term["key"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_catalogue_or_data_file_uses_a_rejected_synonym(language):
    patterns = rejected(language)
    found = [
        f"{where}: {word!r} (glossary: {key})"
        for where, text_language, text in all_texts()
        if text_language == language
        for key, word, pattern in patterns
        if pattern.search(text)
    ]

    assert found == []
