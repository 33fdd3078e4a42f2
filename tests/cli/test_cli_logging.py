"""A command sets its log file up at the first record it logs (``cli._LogFileWhenNeeded``):
the record is in the file once, a command that logs nothing leaves no file, and where no file
can be made a warning still reaches stderr, as before."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.cli import couchtimer, private_env

NOT_A_DATABASE = "These are my running notes, not a database.\n" * 50


def _log(home: Path) -> Path:
    return home / "xdg_state_home" / "couchtimer" / "log" / "couchtimer.log"


def test_the_first_record_sets_the_file_up_and_is_in_it_once(tmp_path: Path) -> None:
    db = tmp_path / "history.db"
    db.write_text(NOT_A_DATABASE)
    done = couchtimer("history", "--db", str(db), home=tmp_path)
    assert done.returncode == 0
    (moved,) = tmp_path.glob("history.db.broken-*")
    lines = _log(tmp_path).read_text(encoding="utf-8").splitlines()
    damaged = [line for line in lines if "was damaged" in line]
    assert len(damaged) == 1
    assert damaged[0].endswith(f"; moved to {moved}")
    assert " WARNING couchtimer.store.database: history file " in damaged[0]
    assert oct(_log(tmp_path).stat().st_mode & 0o777) == "0o600"


def test_a_command_that_logs_nothing_makes_no_log_file(tmp_path: Path) -> None:
    done = couchtimer("history", "--json", "--db", str(tmp_path / "new.db"), home=tmp_path)
    assert done.returncode == 0
    assert not _log(tmp_path).parent.exists()
    again = couchtimer("history", "--json", "--db", str(tmp_path / "new.db"), home=tmp_path)
    assert (again.returncode, again.stdout) == (0, done.stdout)
    assert not _log(tmp_path).parent.exists()


def test_without_a_log_file_a_warning_still_reaches_stderr(tmp_path: Path) -> None:
    state = tmp_path / "state-is-a-file"
    state.write_text("")
    db = tmp_path / "history.db"
    db.write_text(NOT_A_DATABASE)
    env = private_env(tmp_path) | {"XDG_STATE_HOME": str(state)}
    done = couchtimer("history", "--db", str(db), env=env)
    assert done.returncode == 0
    (moved,) = tmp_path.glob("history.db.broken-*")
    assert done.stderr.splitlines()[0].startswith(f"history file {db} was damaged (")
    assert done.stderr.splitlines()[0].endswith(f"; moved to {moved}")
