"""The command line's parser: built from ``cli.COMMANDS`` with each command's options added from
its own module only when that command is parsed, and saying exactly what the whole parser says.
"""

from __future__ import annotations

import argparse
from importlib import import_module
from pathlib import Path

import pytest

from couchtimer import cli
from tests.helpers.cli import couchtimer, private_env

NAMES = [name for name, _, _ in cli.COMMANDS]


def whole_help(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """What the whole parser (every command's options added at once) prints for ``argv``."""
    monkeypatch.setenv("COLUMNS", "100")
    parser = cli.build_parser()
    if not argv:
        return parser.format_help()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return str(sub.choices[argv[0]].format_help())


@pytest.mark.parametrize("argv", [[], *([name] for name in NAMES)], ids=["couchtimer", *NAMES])
def test_help_is_what_the_whole_parser_says(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``couchtimer --help`` and ``couchtimer COMMAND --help``, as the real command prints them,
    are word for word what the parser with every option in it says (the man page's)."""
    env = private_env(tmp_path) | {"COLUMNS": "100"}
    result = couchtimer(*argv, "--help", env=env)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == whole_help(argv, monkeypatch)


def test_the_commands_are_listed_in_the_order_help_has_always_had() -> None:
    assert NAMES == [
        "programmes",
        "plan",
        "export",
        "import",
        "restore",
        "backups",
        "recover",
        "activity",
        "attach",
        "import-activity",
        "history",
        "next",
        "report",
        "run",
        "export-audio",
        "export-workout",
        "doctor",
    ]


def test_each_module_adds_the_options_of_exactly_its_commands() -> None:
    """The table names a module for each command; that module's ``OPTIONS`` holds exactly those
    commands (a command added to a module and not to the table would never be parsed)."""
    by_module: dict[str, set[str]] = {}
    for name, _, module in cli.COMMANDS:
        by_module.setdefault(module, set()).add(name)
    assert set(by_module) == {
        "couchtimer.cli",
        "couchtimer.cli.workouts",
        "couchtimer.cli.store_commands",
        "couchtimer.cli.recordings",
        "couchtimer.cli.history",
        "couchtimer.cli.run",
    }
    for module, names in by_module.items():
        assert set(import_module(module).OPTIONS) == names, module


@pytest.mark.parametrize(
    "argv",
    [
        ["history", "--json", "--last", "3", "--db", "h.db"],
        ["next", "--programme", "nhs-c25k", "--json"],
        ["report", "-o", "r.pdf", "--from", "2026-01-02", "--to", "2026-02-03"],
        ["plan", "W4R1", "--json"],
        ["export", "--format", "csv", "-o", "x.csv"],
        ["attach", "run.fit", "--run", "7", "--offset", "-75"],
        ["run", "W1R1", "--terminal", "--cues", "tones", "--metronome", "176"],
        ["export-audio", "--week", "2", "--run", "3", "-o", "a.ogg"],
        ["doctor", "--sound"],
        ["--start", "W4R1", "--speed", "20"],
    ],
)
def test_the_parser_main_uses_parses_as_the_whole_parser(argv: list[str]) -> None:
    """``main`` parses with the commands' options added as they are reached: same namespace,
    handler included, as the parser with every option added up front."""
    assert vars(cli.build_parser(complete=False).parse_args(argv)) == vars(
        cli.build_parser().parse_args(argv)
    )


def test_an_unknown_command_is_refused_as_argparse_refuses_it(tmp_path: Path) -> None:
    result = couchtimer("histroy", home=tmp_path)
    assert result.returncode == 2
    assert "couchtimer: error: argument COMMAND: invalid choice: 'histroy'" in result.stderr
