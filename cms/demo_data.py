"""The demo content of the cms, read from the YAML files in ``cms/data/demo``.

Vietnamese is the source language; a few pages have an English version to show the
translation workflow. The files write each StreamField block as a one-key mapping
``<block type>: <value>`` (a level-2 heading as just its text); :func:`stream_blocks`
turns such a list into StreamField's raw format (``{"type": ..., "value": ...}``).
No Django here, so the files can be read and checked on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEMO_DATA_DIR = Path(__file__).resolve().parent / "data" / "demo"

Block = dict[str, Any]


@dataclass(frozen=True)
class DemoContent:
    """The demo content, as field values of the models it is created in."""

    #: ``HomePage`` fields by language: ``"vi"`` and ``"en"``.
    home: dict[str, dict[str, Any]]
    #: ``Topic`` fields, in menu order.
    topics: list[dict[str, Any]]
    #: ``GuidanceIndexPage`` fields by language: ``"vi"`` and ``"en"``.
    guidance_index: dict[str, dict[str, Any]]
    #: ``GuidancePage`` fields, with ``topics`` and ``kinds`` as slugs and keys and an
    #: optional ``"en"`` translation.
    guidance: list[dict[str, Any]]
    #: ``StandardPage`` fields, with ``in_menu``, ``contact`` and an optional ``"en"``.
    standard_pages: list[dict[str, Any]]
    #: ``SupportCenterSettings`` fields.
    support_center: dict[str, Any]
    #: Slugs of the guidance pages featured on the home page.
    featured: list[str]
    #: ``ExternalLink`` and ``LegalReference`` fields, and the review date and reviewer of
    #: the ones marked verified (``sources.yaml``).
    sources: dict[str, Any]


def load_demo_content(directory: Path = DEMO_DATA_DIR) -> DemoContent:
    """The demo content of the YAML files in ``directory``."""
    site = _read(directory / "site.yaml")
    guidance = _read(directory / "guidance.yaml")["guidance"]
    standard_pages = _read(directory / "standard_pages.yaml")["standard_pages"]
    support_center = site["support_center"]
    return DemoContent(
        home=site["home"],
        topics=_read(directory / "topics.yaml")["topics"],
        guidance_index=site["guidance_index"],
        guidance=[_page(data) for data in guidance],
        standard_pages=[_page(data) for data in standard_pages],
        support_center={
            **support_center,
            "links": stream_blocks(support_center.get("links", [])),
        },
        featured=site["featured"],
        sources=_read(directory / "sources.yaml"),
    )


def stream_blocks(blocks: list[Any]) -> list[Block]:
    """StreamField's raw format of ``blocks`` written as ``<type>: <value>`` mappings."""
    raw = []
    for block in blocks:
        if not isinstance(block, dict) or len(block) != 1:
            raise ValueError(f"A block is a mapping of one key, <type>: <value>; got {block!r}")
        ((kind, value),) = block.items()
        if kind == "heading" and isinstance(value, str):
            value = {"text": value, "level": "h2"}
        raw.append({"type": kind, "value": value})
    return raw


def _page(data: dict[str, Any]) -> dict[str, Any]:
    """A page's fields, with its body and its translation's body in raw format."""
    page = {**data, "body": stream_blocks(data["body"])}
    if "en" in data:
        page["en"] = {**data["en"], "body": stream_blocks(data["en"]["body"])}
    return page


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
