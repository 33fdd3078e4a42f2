"""Reads the accessibility (AT-SPI) tree of one process for the end-to-end tests.

Runs under the SYSTEM python (``/usr/bin/python3``), the only one with pyatspi (Debian's
python3-pyatspi); so it imports nothing but the standard library and pyatspi. tests/helpers/desktop.py
starts it once per test and talks to it in JSON lines over stdin/stdout:

    {"cmd": "tree", "pid": 1234}  ->  {"ok": true, "nodes": [{...}, ...]}
    {"cmd": "announcements"}  ->  {"ok": true, "heard": ["RUN. Run 1 of 2...", ...]}
    {"cmd": "select_row", "pid": 1234, "table": "Runs", "row": 3}  ->  {"ok": true}

``announcements`` returns the ``object:announcement`` events (what a screen reader would say
at once) heard since the last ask: the agent listens from the moment it starts.
``select_row`` selects a table's row as a screen reader does (AT-SPI Table.addRowSelection).

Each node is one widget that is ``showing`` (visible on screen; hidden ones and their children are
left out): role, name, description, states, extents on the screen [x, y, width, height], its text
(editable text and the like), its value (sliders, spin boxes), the title of its top-level window,
its depth in the tree, and the names of the widgets that label it ("labelled by").
"""

from __future__ import annotations

import json
import sys
import traceback

import pyatspi
from gi.repository import GLib

_MAX_NODES = 3000
_HEARD: list[str] = []


def _heard(event: object) -> None:
    _HEARD.append(str(event.any_data))  # type: ignore[attr-defined]


def _pump() -> None:
    """Deliver the events waiting on the bus (to ``_heard``)."""
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass


def _labelled_by(acc: object) -> list[str]:
    try:
        relations = acc.getRelationSet()
    except Exception:  # gone
        return []
    names = []
    for relation in relations:
        if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
            for index in range(relation.getNTargets()):
                target = relation.getTarget(index)
                if target is not None:
                    names.append(target.name or "")
    return names


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
                    "labelled_by": _labelled_by(acc),
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


def _find_table(pid: int, name: str) -> object | None:
    app = _app_for(pid)
    if app is None:
        return None
    return pyatspi.findDescendant(
        app,
        lambda acc: (
            acc.getRoleName() == "table"
            and acc.name == name
            and acc.getState().contains(pyatspi.STATE_SHOWING)
        ),
    )


def select_row(pid: int, table: str, row: int) -> dict[str, object]:
    found = _find_table(pid, table)
    if found is None:
        return {"ok": False, "error": f"no showing table named {table!r}"}
    done = bool(found.queryTable().addRowSelection(row))
    return {"ok": done, "error": "" if done else f"{table!r} did not select row {row}"}


def main() -> None:
    pyatspi.Registry.registerEventListener(_heard, "object:announcement")
    for line in sys.stdin:
        try:
            request = json.loads(line)
            _pump()
            if request["cmd"] == "tree":
                reply: dict[str, object] = {"ok": True, "nodes": tree(int(request["pid"]))}
            elif request["cmd"] == "announcements":
                reply = {"ok": True, "heard": list(_HEARD)}
                _HEARD.clear()
            elif request["cmd"] == "select_row":
                reply = select_row(int(request["pid"]), request["table"], int(request["row"]))
            else:
                reply = {"ok": False, "error": f"unknown command {request['cmd']!r}"}
        except Exception:
            reply = {"ok": False, "error": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
