"""Reads the accessibility (AT-SPI) tree of one process for the end-to-end tests.

Runs under the SYSTEM python (``/usr/bin/python3``), the only one with pyatspi (Debian's
python3-pyatspi); so it imports nothing but the standard library and pyatspi. tests/helpers/desktop.py
starts it once per test and talks to it in JSON lines over stdin/stdout:

    {"cmd": "tree", "pid": 1234}  ->  {"ok": true, "nodes": [{...}, ...]}

Each node is one widget that is ``showing`` (visible on screen; hidden ones and their children are
left out): role, name, description, states, extents on the screen [x, y, width, height], its text
(editable text and the like), its value (sliders, spin boxes), the title of its top-level window,
and its depth in the tree.
"""

from __future__ import annotations

import json
import sys
import traceback

import pyatspi

_MAX_NODES = 3000


def _text(acc: object) -> str | None:
    try:
        text = acc.queryText()
    except NotImplementedError:
        return None
    try:
        return str(text.getText(0, -1))
    except Exception:  # a widget that went away while being read
        return None


def _value(acc: object) -> float | None:
    try:
        return float(acc.queryValue().currentValue)
    except Exception:  # not a component / value, or gone
        return None


def _extents(acc: object) -> list[int] | None:
    try:
        box = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    except Exception:  # not a component / value, or gone
        return None
    return [box.x, box.y, box.width, box.height]


def _states(acc: object) -> list[str]:
    states = acc.getState().getStates()
    return sorted(pyatspi.stateToString(s).replace(" ", "-") for s in states)


def _app_for(pid: int) -> object | None:
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        try:
            app_pid = app.get_process_id() if app is not None else None
        except Exception:  # an application that just quit
            app_pid = None
        if app_pid == pid:
            return app
    return None


def tree(pid: int) -> list[dict[str, object]]:
    app = _app_for(pid)
    if app is None:
        return []
    nodes: list[dict[str, object]] = []

    def walk(acc: object, depth: int, window: str) -> None:
        if len(nodes) >= _MAX_NODES:
            return
        try:
            states = _states(acc)
            if "showing" not in states:
                return
            role = acc.getRoleName()
            name = acc.name or ""
            if depth == 0:
                window = name
            nodes.append(
                {
                    "role": role,
                    "name": name,
                    "description": acc.description or "",
                    "states": states,
                    "extents": _extents(acc),
                    "text": _text(acc),
                    "value": _value(acc),
                    "window": window,
                    "depth": depth,
                }
            )
            children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
        except Exception:  # a widget that went away while being read
            return
        for child in children:
            if child is not None:
                walk(child, depth + 1, window)

    for index in range(app.childCount):
        top = app.getChildAtIndex(index)
        if top is not None:
            walk(top, 0, "")
    return nodes


def main() -> None:
    for line in sys.stdin:
        try:
            request = json.loads(line)
            if request["cmd"] == "tree":
                reply: dict[str, object] = {"ok": True, "nodes": tree(int(request["pid"]))}
            else:
                reply = {"ok": False, "error": f"unknown command {request['cmd']!r}"}
        except Exception:
            reply = {"ok": False, "error": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
