"""Control characters in text from files: each class found at its first and last character and
not one past either end, shown as a visible escape, never acted on."""

from __future__ import annotations

import pytest

from couchtimer.core.text import first_control, printable

CONTROLS = [
    pytest.param("\x00", "\\x00", id="NUL: the first C0 control"),
    pytest.param("\x1b", "\\x1b", id="ESC: starts an ANSI sequence"),
    pytest.param("\x1f", "\\x1f", id="the last C0 control"),
    pytest.param("\x7f", "\\x7f", id="DEL"),
    pytest.param("\x9b", "\\x9b", id="CSI: a one-character ANSI sequence"),
    pytest.param("\x9f", "\\x9f", id="the last C1 control"),
    pytest.param("\u202a", "\\u202a", id="the first bidirectional embedding"),
    pytest.param("\u202e", "\\u202e", id="right-to-left override: the last of that block"),
    pytest.param("\u2066", "\\u2066", id="the first bidirectional isolate"),
    pytest.param("\u2069", "\\u2069", id="the last bidirectional isolate"),
]

NEIGHBOURS = [
    pytest.param(" ", id="space, after the C0 controls"),
    pytest.param("~", id="tilde, before DEL"),
    pytest.param("\xa0", id="no-break space, after the C1 controls"),
    pytest.param("\u2029", id="paragraph separator, before the embeddings"),
    pytest.param("\u202f", id="narrow no-break space, after the overrides"),
    pytest.param("\u2065", id="before the isolates"),
    pytest.param("\u206a", id="after the isolates"),
]


@pytest.mark.parametrize(("char", "shown"), CONTROLS)
def test_each_control_is_found_and_shown_as_an_escape(char: str, shown: str) -> None:
    assert first_control(f"Week{char}1") == shown
    assert printable(f"Week{char}1") == f"Week{shown}1"


@pytest.mark.parametrize("char", NEIGHBOURS)
def test_the_characters_next_to_each_block_are_text(char: str) -> None:
    assert first_control(f"Week{char}1") is None
    assert printable(f"Week{char}1") == f"Week{char}1"


def test_the_first_of_several_controls_is_named() -> None:
    assert first_control("a\u202eb\x1bc") == "\\u202e"


def test_every_control_is_escaped_and_line_breaks_only_on_request() -> None:
    text = "Run 1\n\x1b[2JRun 2\r\tend"
    assert printable(text) == "Run 1\\x0a\\x1b[2JRun 2\\x0d\\x09end"
    assert printable(text, keep_newlines=True) == "Run 1\n\\x1b[2JRun 2\\x0d\\x09end"
    assert first_control("Run 1\nRun 2") == "\\x0a"


def test_every_code_point_is_a_control_exactly_when_it_is_in_one_of_the_blocks() -> None:
    """Printable text is answered without the patterns (start-up time): the answer is still the
    blocks', for every code point of every plane, alone and inside text."""
    blocks = [(0x00, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069)]
    for code in range(0x110000):
        char = chr(code)
        control = any(low <= code <= high for low, high in blocks)
        expected = (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}") if control else None
        assert first_control(char) == expected, hex(code)
        if code % 97 == 0:  # inside text too, for a sample of every range
            assert first_control(f"W1R{char}1") == expected, hex(code)
            assert printable(f"W{char}") == f"W{expected or char}", hex(code)
