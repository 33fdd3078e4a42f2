"""Programme files through the cache: parsed once, rebuilt from kept data while unchanged."""

from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

import pytest

from couchtimer import programmes, resources
from couchtimer.core.errors import ProgrammeError
from couchtimer.core.programme import load_programme
from couchtimer.programmes import ProgrammeCache

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data" / "programmes"


@pytest.fixture
def nhs(tmp_path: Path) -> Path:
    copy = tmp_path / "plans" / "nhs-c25k.toml"
    copy.parent.mkdir()
    shutil.copy(resources.programmes_dir() / "nhs-c25k.toml", copy)
    return copy


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse_toml(text: str, source: str) -> None:
        raise AssertionError(f"{source} was parsed")

    monkeypatch.setattr(programmes, "parse_toml", parse_toml)


def test_an_unchanged_file_is_rebuilt_without_parsing(
    nhs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next start (a new cache on the same file) gets the same programme, unparsed."""
    file = tmp_path / "cache" / "couchtimer" / "programmes.marshal"
    first = ProgrammeCache(file).load(nhs)
    assert first == load_programme(nhs)
    assert file.stat().st_mode & 0o777 == 0o600
    assert file.parent.stat().st_mode & 0o777 == 0o700
    no_parsing(monkeypatch)
    again = ProgrammeCache(file).load(nhs)
    assert again == first
    assert (again.origin, again.workout(4, 1).total_seconds) == (str(nhs), 1890)


def test_an_edited_file_is_parsed_afresh(
    nhs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed size or modification time means the file is read and parsed again."""
    file = tmp_path / "programmes.marshal"
    assert ProgrammeCache(file).load(nhs).name == "NHS Couch to 5K"
    text = nhs.read_text(encoding="utf-8").replace('name = "NHS Couch to 5K"', 'name = "Mine"')
    nhs.write_text(text, encoding="utf-8")
    assert ProgrammeCache(file).load(nhs).name == "Mine"
    no_parsing(monkeypatch)
    assert ProgrammeCache(file).load(nhs).name == "Mine"  # and that is kept in turn


def test_a_file_put_back_with_its_old_size_and_time_is_still_read_afresh(
    nhs: Path, tmp_path: Path
) -> None:
    """Same size, modification time set back (cp -p, rsync -t): the change time still differs."""
    file = tmp_path / "programmes.marshal"
    ProgrammeCache(file).load(nhs)
    before = nhs.stat()
    text = nhs.read_text(encoding="utf-8").replace("NHS Couch to 5K", "NHS Couch to 5k")
    nhs.write_text(text, encoding="utf-8")
    os.utime(nhs, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert nhs.stat().st_size == before.st_size
    assert ProgrammeCache(file).load(nhs).name == "NHS Couch to 5k"


def test_a_damaged_or_foreign_cache_is_ignored(nhs: Path, tmp_path: Path) -> None:
    """Garbage, another version's stamp or an invalid entry: the file itself is parsed."""
    file = tmp_path / "programmes.marshal"
    expected = load_programme(nhs)
    file.write_bytes(b"\x00not marshal at all")
    assert ProgrammeCache(file).load(nhs) == expected
    info = nhs.stat()
    key = str(nhs.absolute())
    wrong = {"format": 1, "id": "imposter", "name": "Imposter", "workouts": []}
    other_version = (("couchtimer programmes", "0.0.0", 1, (3, 11)), {})
    file.write_bytes(marshal.dumps(other_version))
    assert ProgrammeCache(file).load(nhs) == expected
    stamp = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    for entry in [(stamp, wrong), (stamp,), "junk"]:
        file.write_bytes(marshal.dumps((ProgrammeCache.STAMP, {key: entry})))
        assert ProgrammeCache(file).load(nhs) == expected
    kept = marshal.loads(file.read_bytes())  # noqa: S302 (the file this test wrote)
    assert kept[1][key][1]["id"] == "nhs-c25k"  # mended


def test_a_broken_file_is_not_kept_and_says_what_is_wrong(tmp_path: Path) -> None:
    """The error is the one the file gives without a cache, line and all; nothing is kept."""
    file = tmp_path / "programmes.marshal"
    for name in ("bad-syntax.toml", "duplicate-run.toml", "missing.toml"):
        with pytest.raises(ProgrammeError) as without_cache:
            load_programme(FIXTURES / name)
        with pytest.raises(ProgrammeError) as with_cache:
            ProgrammeCache(file).load(FIXTURES / name)
        assert str(with_cache.value) == str(without_cache.value)
        assert not file.exists()
    with pytest.raises(ProgrammeError) as duplicate:
        ProgrammeCache(file).load(FIXTURES / "duplicate-run.toml")
    assert str(duplicate.value).endswith(
        "duplicate-run.toml, line 10: week 1 run 2: defined twice (workouts #1 and #2). "
        "Keep one definition of each week/run."
    )


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(nhs: Path, tmp_path: Path) -> None:
    """No cache dir can be made (a file is in the way): the programme still loads."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    assert ProgrammeCache(blocker / "programmes.marshal").load(nhs) == load_programme(nhs)
    assert sorted(tmp_path.iterdir()) == sorted([blocker, nhs.parent])  # no stray part file


def test_the_shipped_programmes_load_through_the_default_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The app's own cache file lives in $XDG_CACHE_HOME/couchtimer."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    programmes.default_cache.cache_clear()
    try:
        assert [p.id for p in programmes.shipped_programmes()] == ["nhs-c25k"]
        assert (tmp_path / "couchtimer" / "programmes.marshal").is_file()
    finally:
        programmes.default_cache.cache_clear()
    assert os.environ["XDG_CACHE_HOME"] == str(tmp_path)


def test_the_seed_holds_each_shipped_file_as_the_parser_reads_it() -> None:
    """couchtimer/programme_seed.py (scripts/programme_seed) is current: every shipped file by
    name, with its exact text and that text's TOML as tomllib parses it."""
    import tomllib

    from couchtimer.programme_seed import SEED

    shipped = sorted(resources.programmes_dir().glob("*.toml"))
    assert sorted(SEED) == [path.name for path in shipped] == ["nhs-c25k.toml"]
    for path in shipped:
        text = path.read_text(encoding="utf-8")
        assert SEED[path.name] == (text, tomllib.loads(text))


def test_the_first_load_of_the_shipped_plan_needs_no_parser(
    nhs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cache yet: the shipped text is taken from the seed, validated, and kept in the cache."""
    expected = load_programme(nhs)
    no_parsing(monkeypatch)
    file = tmp_path / "programmes.marshal"
    assert ProgrammeCache(file).load(nhs) == expected
    assert ProgrammeCache(None).load(nhs) == expected
    stamp, entries = marshal.loads(file.read_bytes())  # noqa: S302 (written by the test)
    assert (stamp, list(entries)) == (ProgrammeCache.STAMP, [str(nhs)])


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("nhs-c25k.toml", lambda text: text + "\n"),
        ("nhs-c25k.toml", lambda text: text[:-1]),
        ("nhs-c25k.toml", lambda text: text.replace("NHS Couch to 5K", "NHS Couch to 5k")),
        ("mine.toml", lambda text: text),
    ],
    ids=["a newline added", "the last byte dropped", "one letter changed", "another name"],
)
def test_any_other_text_or_name_is_parsed(
    name: str, change: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the shipped file's exact text under its own name skips the parser."""
    assert callable(change)
    text = change((resources.programmes_dir() / "nhs-c25k.toml").read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    parsed: list[str] = []
    parse = programmes.parse_toml

    def counted(text: str, source: str) -> object:
        parsed.append(source)
        return parse(text, source)

    monkeypatch.setattr(programmes, "parse_toml", counted)
    programme = ProgrammeCache(None).load(path)
    assert parsed == [str(path)]
    assert programme.name == (
        "NHS Couch to 5k" if '"NHS Couch to 5k"' in text else "NHS Couch to 5K"
    )
