"""Desktop integration files: valid, consistent with couchtimer.APP_ID, and shipped where needed.

The .deb itself is built and installed for real by `make deb` + packaging/smoke-test (CI); these
tests keep the inputs honest on every `make test`, except the two that run the packaging tools
(marked packaging: `make test-packaging` installs the tools and runs them; CI does).
"""

from __future__ import annotations

import configparser
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from couchtimer import APP_ID, resources

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
ICONS = ROOT / "assets" / "icons"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _xml(path: Path) -> ET.Element:
    return ET.parse(path).getroot()  # noqa: S314  (our own committed files, not untrusted input)


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.packaging  # desktop-file-utils/appstream: the package profile
def test_desktop_entry_passes_desktop_file_validate() -> None:
    """The menu entry is valid for every freedesktop menu (desktop-file-utils' own checker)."""
    result = subprocess.run(
        [str(PACKAGING / "validate-desktop"), str(DESKTOP)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.packaging  # desktop-file-utils: the package profile
def test_desktop_validation_lets_only_single_main_window_through(tmp_path: Path) -> None:
    """packaging/validate-desktop forgives an old validator SingleMainWindow (spec 1.5), and
    nothing else: an unknown key still fails it."""
    bad = tmp_path / "bad.desktop"
    bad.write_text(
        "[Desktop Entry]\nType=Application\nName=x\nExec=x\nSingleMainWindow=true\nColour=red\n"
    )
    result = subprocess.run(
        [str(PACKAGING / "validate-desktop"), str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr == (
        f'{bad}: error: file contains key "Colour" in group "Desktop Entry", but keys extending '
        'the format should start with "X-"\n'
    )


def test_desktop_entry_launches_the_installed_command_with_the_app_icon() -> None:
    """Exec is the /usr/bin launcher the .deb installs, Icon is the app id (hicolor lookup)."""
    entry = _desktop_entry()
    assert entry["Exec"] == "couchtimer"
    assert entry["Icon"] == APP_ID
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Utility;Clock;"


def test_desktop_entry_is_one_window_with_a_start_next_run_action() -> None:
    """Issue 18, item 6: desktops offer no "New Window" (one main window, as the app keeps one
    instance), and the launcher's menu has "Start next run", which starts the run Today offers."""
    entry = _desktop_entry()
    assert (entry["SingleMainWindow"], entry["X-GNOME-SingleWindow"]) == ("true", "true")
    assert entry["Actions"] == "start-next-run;"
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    action = dict(parser["Desktop Action start-next-run"])
    assert action == {"Name": "Start next run", "Exec": "couchtimer --start next"}
    from couchtimer import cli

    assert cli.build_parser().parse_args(action["Exec"].split()[1:]).start == cli.START_NEXT


@pytest.mark.packaging  # desktop-file-utils/appstream: the package profile
def test_metainfo_passes_appstream_validation() -> None:
    """Software centres accept the metadata (appstreamcli, no network checks)."""
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_uses_the_app_id_and_names_the_desktop_file_and_binary() -> None:
    """One reverse-DNS id everywhere: component id, launchable, icon; the binary is provided."""
    root = _xml(METAINFO)
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    assert root.findtext("icon[@type='stock']") == APP_ID
    assert [b.text for b in root.iterfind("provides/binary")] == ["couchtimer"]
    assert root.find("content_rating[@type='oars-1.1']") is not None
    assert root.find("releases/release[@version]") is not None


def test_metainfo_release_is_the_package_version() -> None:
    """The newest release listed in the metainfo is the version being packaged."""
    from couchtimer import __version__

    root = _xml(METAINFO)
    newest = root.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__


def test_metainfo_names_the_developer_for_old_and_new_software_centres() -> None:
    """<developer> (AppStream 1.0) and <developer_name> (what Debian 12's and Ubuntu 22.04's
    software centres read) say the same."""
    root = _xml(METAINFO)
    assert root.findtext("developer/name") == "CouchTimer developers"
    assert root.findtext("developer_name") == "CouchTimer developers"


def test_metainfo_releases_are_newest_first_each_dated_and_described() -> None:
    """One <release> per version, newest first, each with an ISO date and a description (the
    .deb's changelog.Debian is written from them)."""
    from datetime import date

    releases = list(_xml(METAINFO).iterfind("releases/release"))
    versions = [tuple(int(p) for p in (r.get("version") or "").split(".")) for r in releases]
    assert versions == sorted(versions, reverse=True)
    assert len(set(versions)) == len(versions)
    dates = [date.fromisoformat(r.get("date") or "") for r in releases]
    assert dates == sorted(dates, reverse=True)
    assert all(r.findtext("description/p") for r in releases)


def test_every_metainfo_screenshot_is_committed() -> None:
    """Screenshot URLs point at docs/screenshots/ at this release's tag (pinned: what main shows
    later cannot change an installed release); each file must exist in the tree."""
    from couchtimer import __version__

    root = _xml(METAINFO)
    urls = [image.text or "" for image in root.iterfind("screenshots/screenshot/image")]
    assert len(urls) >= 2
    prefix = f"https://raw.githubusercontent.com/couchtimer/couchtimer/v{__version__}/"
    for url in urls:
        assert url.startswith(prefix), url
        shot = ROOT / url.removeprefix(prefix)
        assert shot.is_file(), f"{url} refers to {shot}, which is not committed"
        assert _png_size(shot)[0] >= 620, f"{shot} is narrower than AppStream's 620 px minimum"


@pytest.mark.parametrize("size", PNG_SIZES)
def test_icon_png_renders_have_their_nominal_size(size: int) -> None:
    """hicolor/NxN/apps/<id>.png is really N x N (icon themes trust the folder name)."""
    png = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert _png_size(png) == (size, size)


def test_icon_svgs_are_square_and_named_for_the_app() -> None:
    """The scalable icon (used by the app window and /usr/share/icons) is a square SVG."""
    for name, side in ((f"{APP_ID}.svg", "128"), (f"{APP_ID}-small.svg", "16")):
        svg = _xml(ICONS / name)
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
        assert (svg.get("width"), svg.get("height")) == (side, side)
        assert svg.get("viewBox") == f"0 0 {side} {side}"


def test_windows_icon_holds_six_png_images() -> None:
    """couchtimer.ico (Windows bundle icon) has 16..256 px entries, each an embedded PNG."""
    data = (ICONS / "couchtimer.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 6)
    sides = []
    for index in range(count):
        width, _, _, _, _, _, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * index : 22 + 16 * index]
        )
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sides.append(width or 256)
    assert sides == [16, 24, 32, 48, 64, 256]


def test_resources_find_the_app_icon() -> None:
    """The app sets its window icon from resources.icons_dir(); the file it asks for exists."""
    assert (resources.icons_dir() / f"{APP_ID}.svg").is_file()


def test_wheel_config_ships_every_asset_folder_the_bundle_ships() -> None:
    """pyproject force-includes assets/ into the wheel; the spec bundles the same folders."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    force = config["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert force == {"assets": "couchtimer/assets"}
    spec = (PACKAGING / "couchtimer.spec").read_text(encoding="utf-8")
    assert 'ASSET_FOLDERS = ["programmes", "cues", "icons"]' in spec
    for folder in ("programmes", "cues", "icons"):
        assert any((ROOT / "assets" / folder).iterdir()), f"assets/{folder} is empty"


#: SHA-256 of the GNU GPL version 3 as the FSF publishes it (and Debian ships it in
#: /usr/share/common-licenses/GPL-3).
GPL3_SHA256 = "3972dc9744f6499f0f9b2dbf76696f2ae7ad8af9b23dde66d6af86c9dfb36986"


def test_license_is_the_full_gpl3_text_and_goes_into_the_wheel() -> None:
    """Issue 18, item 5: the project is GPL-3.0-or-later; LICENSE is the licence's whole text,
    unaltered, and pyproject puts it into the wheel (.dist-info/licenses/) and the sdist."""
    import hashlib
    import tomllib

    assert hashlib.sha256((ROOT / "LICENSE").read_bytes()).hexdigest() == GPL3_SHA256
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "GPL-3.0-or-later"
    assert project["project"]["license-files"] == ["LICENSE"]
    sdist = project["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert "LICENSE" in sdist


def _manpage() -> str:
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "make-manpage")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1764244800"},
    )
    return result.stdout


def test_man_page_is_generated_from_the_parser_so_every_option_is_in_it() -> None:
    """Issue 18, item 5: couchtimer(1) is made from ``build_parser()`` at every build, so it
    documents every command and every option the command takes, with its help text."""
    import argparse

    from couchtimer import __version__, cli

    page = _manpage().replace("\\-", "-")
    assert page.startswith(
        f'.TH COUCHTIMER "1" "2025-11-27" "CouchTimer {__version__}" "CouchTimer manual"\n'
    )
    parsers = [("", cli.build_parser())]
    documented = 0
    while parsers:
        name, parser = parsers.pop()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for command, sub in action.choices.items():
                    assert f"COMMAND \\fI\\,'couchtimer {command}'\\/\\fR" in page, command
                    parsers.append((command, sub))
                continue
            if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
                continue
            for option in action.option_strings or [action.metavar or action.dest]:
                assert f"\\fB{option}\\fR" in page, (name, option)
                documented += 1
            if action.help:  # argparse-manpage wraps long help lines
                words = " ".join(page.replace("\\", "").split())
                assert " ".join(action.help.replace("\\", "").split()) in words, action.help
    assert documented > 40
    assert ".SH FILES" in page
    assert "~/.local/share/couchtimer/" in page


@pytest.mark.packaging  # man-db's man: the package profile
def test_man_page_renders_without_warnings(tmp_path: Path) -> None:
    """The generated roff is clean: groff reports nothing when man formats it."""
    page = tmp_path / "couchtimer.1"
    page.write_text(_manpage(), encoding="utf-8")
    result = subprocess.run(
        ["man", "--warnings", "-l", "-Tutf8", str(page)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MANWIDTH": "80"},
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert "couchtimer - interval run timer that records when it hurts" in result.stdout


def test_changelog_is_written_from_the_metainfo_releases() -> None:
    """changelog.Debian says what the AppStream <releases> say, newest first."""
    from couchtimer import __version__

    result = subprocess.run(
        [sys.executable, str(PACKAGING / "make-changelog"), str(METAINFO), __version__, "1"],
        capture_output=True,
        text=True,
        check=True,
    )
    first = result.stdout.split("\n\n")[:3]
    assert first[0] == f"couchtimer ({__version__}-1) unstable; urgency=medium"
    newest = _xml(METAINFO).find("releases/release")
    assert newest is not None
    words = " ".join("".join(newest.find("description/p").itertext()).split())  # type: ignore[union-attr]
    assert " ".join(first[1].replace("  * ", "").split()) == words
    assert first[2].startswith(" -- CouchTimer developers <couchtimer@users.noreply.github.com>  ")
    wrong = subprocess.run(
        [sys.executable, str(PACKAGING / "make-changelog"), str(METAINFO), "9.9.9", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode == 1
    assert "the newest <release>" in wrong.stderr


def test_the_bundle_pins_every_run_time_dependency() -> None:
    """The packaging venv installs CouchTimer with --no-deps and packaging/requirements.txt
    pinned: a dependency added to pyproject.toml but not pinned there would be missing from the
    .deb. numpy alone comes from Debian (python3-numpy, see the spec)."""
    import re
    import tomllib

    def name(requirement: str) -> str:
        return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    needed = {name(r) for r in project["project"]["dependencies"]} - {"numpy"}
    lines = (PACKAGING / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pinned = {name(line) for line in lines if line and not line.startswith("#")}
    assert needed - pinned == set()
    assert all("==" in line for line in lines if line and not line.startswith("#"))
