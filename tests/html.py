"""Helpers for reading pages in tests."""

import re

_ORDINARY_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")


def collapsed(content: bytes | str) -> str:
    """The page's HTML with each run of ordinary whitespace as one space, as a browser shows it.

    Templates break long lines between attributes and words; a test about what a visitor sees should not
    depend on where. No-break spaces (U+00A0) are not ordinary whitespace and stay as they are.
    """
    text = content.decode() if isinstance(content, bytes) else content
    return _ORDINARY_WHITESPACE.sub(" ", text)
