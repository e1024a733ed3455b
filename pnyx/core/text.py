"""Member text that must not deceive: nothing that only looks empty, no runaway direction.

* ``looks_empty``: text made only of white space and characters that draw nothing
  (zero-width spaces and joiners, direction marks, fillers such as U+3164) looks like
  nothing at all on the page; posts and titles like that are refused.
* ``balance_bidi``: an embedding, override or isolate (U+202A–U+202E, U+2066–U+2069)
  left open runs on past the member's text and reverses what the page prints after it
  ("Trojan Source"); each line gets closers for what it opened, and closers that close
  nothing are dropped. Text with none of these characters is returned unchanged.
"""

from __future__ import annotations

import unicodedata

# Letters and symbols that are drawn as blanks (Hangul fillers, the blank braille
# pattern) and marks that attach to nothing visible (combining grapheme joiner,
# variation selectors).
_BLANK_GLYPHS = frozenset(
    "\u115f\u1160\u3164\uffa0\u2800\u034f\u180b\u180c\u180d\u180e\u180f"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
# Format characters that are drawn (Arabic and Syriac signs spanning the digits after them).
_DRAWN_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2")

_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO, closed by PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI, closed by PDI
_PDF = "\u202c"
_PDI = "\u2069"
_BIDI_CONTROLS = frozenset((*_EMBEDDINGS, *_ISOLATES, _PDF, _PDI))


def _invisible(ch: str) -> bool:
    if ch in _BLANK_GLYPHS or ch.isspace():
        return True
    if "\U000e0100" <= ch <= "\U000e01ef":  # variation selectors supplement
        return True
    return unicodedata.category(ch) in _INVISIBLE_CATEGORIES and ch not in _DRAWN_FORMAT


def looks_empty(text: str) -> bool:
    """True when ``text`` would show nothing: no character of it draws anything."""
    return all(_invisible(ch) for ch in text)


def balance_bidi(text: str) -> str:
    """Close, at the end of each line, every embedding, override and isolate the line
    opened, and drop closers that close nothing (the rules of Unicode's bidirectional
    algorithm: a PDI closes the last open isolate and whatever was opened inside it; a
    PDF closes an embedding only if no isolate was opened after it)."""
    if _BIDI_CONTROLS.isdisjoint(text):
        return text
    return "\n".join(_balance_line(line) for line in text.split("\n"))


def _balance_line(line: str) -> str:
    out: list[str] = []
    stack: list[str] = []
    for ch in line:
        if ch in _EMBEDDINGS or ch in _ISOLATES:
            stack.append(ch)
        elif ch == _PDF:
            if not stack or stack[-1] not in _EMBEDDINGS:
                continue  # closes nothing (or would cross an isolate): dropped
            stack.pop()
        elif ch == _PDI:
            if not any(opened in _ISOLATES for opened in stack):
                continue
            while stack.pop() not in _ISOLATES:
                pass  # the isolate's PDI closes the embeddings opened inside it
        out.append(ch)
    out.extend(_PDI if opened in _ISOLATES else _PDF for opened in reversed(stack))
    return "".join(out)
