"""HTML helpers for page tests: parse as a browser would, then look at elements."""

from __future__ import annotations

from typing import cast
from xml.etree.ElementTree import Element

import html5lib


def parse(content: bytes) -> Element:
    return cast(Element, html5lib.parse(content.decode(), namespaceHTMLElements=False))


def text(element: Element) -> str:
    """The element's text with whitespace collapsed."""
    return " ".join("".join(element.itertext()).split())


def by_class(root: Element, class_name: str, tag: str = "*") -> list[Element]:
    return [el for el in root.iter(tag) if class_name in (el.get("class") or "").split()]


def one(root: Element, class_name: str, tag: str = "*") -> Element:
    found = by_class(root, class_name, tag)
    assert len(found) == 1, f"expected one .{class_name}, found {len(found)}"
    return found[0]


def hrefs(root: Element) -> list[str]:
    return [a.get("href", "") for a in root.iter("a")]


def links(root: Element) -> list[tuple[str, str]]:
    return [(a.get("href", ""), text(a)) for a in root.iter("a")]
