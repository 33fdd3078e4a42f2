"""Reads the accessibility (AT-SPI) tree of one process for the end-to-end tests.

Runs under the SYSTEM python (``/usr/bin/python3``): it needs PyGObject and the Atspi typelib
(Debian: python3-pyatspi pulls in python3-gi; gir1.2-atspi-2.0), which the venv does not have. So
it imports nothing but the standard library and ``gi``. tests/helpers/desktop.py starts it once
per test and talks to it in JSON lines over stdin/stdout:

    {"cmd": "tree", "pid": 1234}  ->  {"ok": true, "nodes": [{...}, ...]}
    {"cmd": "announcements"}  ->  {"ok": true, "heard": ["RUN. Run 1 of 2...", ...]}
    {"cmd": "select_row", "pid": 1234, "table": "Runs", "row": 3}  ->  {"ok": true}

``announcements`` returns the ``object:announcement`` events (what a screen reader says at once)
heard since the last ask: the agent listens from the moment it starts (libatspi's listener, so
that the registry tells the app someone listens). ``select_row`` selects a table's row as a
screen reader does (AT-SPI ``Table.AddRowSelection``).

Each node is one widget that is ``showing`` (on screen; hidden ones and their children are left
out), in tree order: role, name, description, states, extents on the screen [x, y, width,
height], its text (text fields, spin boxes), its value (sliders, spin boxes), the title of its
top-level window, its depth, and the names of the widgets that label it ("labelled_by", from
the LABELLED_BY relation: a ``QLabel`` with a buddy).

It speaks the AT-SPI D-Bus protocol itself (as pyatspi/libatspi do underneath) so that it can
send the questions about a whole level of the tree at once instead of one round trip at a time:
on a busy machine that is the difference between a second and a few hundredths per look.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, Gio, GLib  # noqa: E402  (after require_version)

ACCESSIBLE = "org.a11y.atspi.Accessible"
ROOT_PATH = "/org/a11y/atspi/accessible/root"
_MAX_NODES = 3000
_TIMEOUT_MS = 5000
# AT-SPI's state numbers, by name as Atspi spells them ("showing", "is-default", ...).
_STATES = {
    int(value): value.value_nick
    for value in (Atspi.StateType(n) for n in range(Atspi.StateType.LAST_DEFINED))
}


class Bus:
    """The accessibility bus, with many calls in flight at once."""

    def __init__(self) -> None:
        session = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        address = session.call_sync(
            "org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
            GLib.VariantType("(s)"), Gio.DBusCallFlags.NONE, _TIMEOUT_MS, None,
        ).unpack()[0]  # fmt: skip
        flags = (
            Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
            | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION
        )
        self.conn = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)
        self.loop = GLib.MainLoop()
        self.pending = 0

    def call(
        self,
        dest: str,
        path: str,
        iface: str,
        method: str,
        args: GLib.Variant | None,
        done: Callable[[Any], None],
    ) -> None:
        """Send one call; ``done`` gets its unpacked result, or None if it failed."""
        self.pending += 1

        def finish(conn: Gio.DBusConnection, result: Gio.AsyncResult) -> None:
            self.pending -= 1
            try:
                value = conn.call_finish(result).unpack()
            except GLib.Error:  # a widget that went away, or an interface it lacks
                value = None
            done(value)
            if self.pending == 0:
                self.loop.quit()

        self.conn.call(
            dest, path, iface, method, args, None, Gio.DBusCallFlags.NONE, _TIMEOUT_MS, None, finish
        )

    def wait(self) -> None:
        """Until every call sent has been answered."""
        if self.pending:
            self.loop.run()

    def sync(self, dest: str, path: str, iface: str, method: str, args: GLib.Variant | None) -> Any:
        return self.conn.call_sync(
            dest, path, iface, method, args, None, Gio.DBusCallFlags.NONE, _TIMEOUT_MS, None
        ).unpack()


def _app_for(bus: Bus, pid: int) -> str | None:
    """The accessibility bus name of the application run by process ``pid``."""
    (apps,) = bus.sync("org.a11y.atspi.Registry", ROOT_PATH, ACCESSIBLE, "GetChildren", None)
    for name, _path in apps:
        try:
            (app_pid,) = bus.sync(
                "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "GetConnectionUnixProcessID", GLib.Variant("(s)", (name,)),
            )  # fmt: skip
        except GLib.Error:  # an application that just quit
            continue
        if app_pid == pid:
            return str(name)
    return None


def _role(number: int) -> str:
    """The role's name as pyatspi and screen readers say it ("spin button", "push button")."""
    try:
        return str(Atspi.role_get_name(Atspi.Role(number)))
    except ValueError:
        return "unknown"


def _states(words: list[int]) -> list[str]:
    bits = words[0] | (words[1] << 32)
    return sorted(name for number, name in _STATES.items() if bits & (1 << number))


def tree(bus: Bus, pid: int) -> list[dict[str, Any]]:
    app = _app_for(bus, pid)
    if app is None:
        return []
    (tops,) = bus.sync(app, ROOT_PATH, ACCESSIBLE, "GetChildren", None)
    nodes: dict[str, dict[str, Any]] = {}  # by object path
    kids: dict[str, list[str]] = {}
    level = [(str(path), 0, None) for _name, path in tops]
    order: list[str] = []  # the top-level windows' paths
    order.extend(path for path, _depth, _parent in level)
    while level and len(nodes) < _MAX_NODES:
        for path, depth, window in level:
            node: dict[str, Any] = {"depth": depth, "window": window, "_path": path}
            nodes[path] = node
            ask = _asker(bus, app, path, node)
            ask(ACCESSIBLE, "GetRole", None, "role", lambda r: _role(r[0]))
            ask(ACCESSIBLE, "GetState", None, "states", lambda r: _states(r[0]))
            ask(ACCESSIBLE, "GetInterfaces", None, "_interfaces", lambda r: r[0])
            ask(ACCESSIBLE, "GetChildren", None, "_children", lambda r: [str(p) for _n, p in r[0]])
            ask(ACCESSIBLE, "GetRelationSet", None, "_labels", _labels)
            for prop, key in (("Name", "name"), ("Description", "description")):
                args = GLib.Variant("(ss)", (ACCESSIBLE, prop))
                ask("org.freedesktop.DBus.Properties", "Get", args, key, lambda r: r[0])
            ask(
                "org.a11y.atspi.Component", "GetExtents", GLib.Variant("(u)", (0,)), "extents",
                lambda r: list(r[0]),
            )  # fmt: skip
        bus.wait()
        showing = [nodes[p] for p, _d, _w in level if "showing" in (nodes[p].get("states") or [])]
        for node in showing:  # the second round: text and value, where the widget has them
            ask = _asker(bus, app, node["_path"], node)
            interfaces = node.get("_interfaces") or []
            if "org.a11y.atspi.Text" in interfaces:
                args = GLib.Variant("(ii)", (0, -1))
                ask("org.a11y.atspi.Text", "GetText", args, "text", lambda r: r[0])
            if "org.a11y.atspi.Value" in interfaces:
                args = GLib.Variant("(ss)", ("org.a11y.atspi.Value", "CurrentValue"))
                ask("org.freedesktop.DBus.Properties", "Get", args, "value", lambda r: r[0])
        bus.wait()
        next_level = []
        for node in showing:
            window = node["window"] if node["depth"] else node.get("name") or ""
            node["window"] = window
            children = node.get("_children") or []
            kids[node["_path"]] = children
            next_level.extend((child, node["depth"] + 1, window) for child in children)
        level = next_level

    out: list[dict[str, Any]] = []

    def emit(path: str) -> None:
        node = nodes.get(path)
        if node is None or "showing" not in (node.get("states") or []):
            return
        out.append(
            {
                "role": node.get("role") or "",
                "name": node.get("name") or "",
                "description": node.get("description") or "",
                "states": node["states"],
                "extents": node.get("extents"),
                "text": node.get("text"),
                "value": node.get("value"),
                "window": node["window"],
                "depth": node["depth"],
                "labelled_by": [
                    nodes[label].get("name") or "" if label in nodes else ""
                    for label in node.get("_labels") or []
                ],
                "path": path,
            }
        )
        for child in kids.get(path, []):
            emit(child)

    for path in order:
        emit(path)
    return out


_LABELLED_BY = int(Atspi.RelationType.LABELLED_BY)
_HEARD: list[str] = []


def _labels(reply: Any) -> list[str]:
    """The object paths of the widgets that label this one, from GetRelationSet's reply."""
    return [str(path) for kind, targets in reply[0] if kind == _LABELLED_BY for _n, path in targets]


def _heard(event: Any, *_data: Any) -> None:
    _HEARD.append(str(event.any_data))


def _pump() -> None:
    """Deliver the events waiting on the bus (to ``_heard``)."""
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass


def select_row(bus: Bus, pid: int, table: str, row: int) -> dict[str, Any]:
    app = _app_for(bus, pid)
    found = [
        node
        for node in (tree(bus, pid) if app else [])
        if node["role"] == "table" and node["name"] == table
    ]
    if app is None or not found:
        return {"ok": False, "error": f"no showing table named {table!r}"}
    (done,) = bus.sync(
        app,
        found[0]["path"],
        "org.a11y.atspi.Table",
        "AddRowSelection",
        GLib.Variant("(i)", (row,)),
    )
    return {"ok": bool(done), "error": "" if done else f"{table!r} did not select row {row}"}


def _asker(bus: Bus, app: str, path: str, node: dict[str, Any]) -> Callable[..., None]:
    def ask(
        iface: str, method: str, args: GLib.Variant | None, key: str, pick: Callable[[Any], Any]
    ) -> None:
        def done(result: Any) -> None:
            node[key] = None if result is None else pick(result)

        bus.call(app, path, iface, method, args, done)

    return ask


def main() -> None:
    bus = Bus()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    listener = Atspi.EventListener.new(_heard)
    listener.register("object:announcement")
    for line in sys.stdin:
        try:
            request = json.loads(line)
            _pump()
            if request["cmd"] == "tree":
                reply: dict[str, Any] = {"ok": True, "nodes": tree(bus, int(request["pid"]))}
            elif request["cmd"] == "announcements":
                reply = {"ok": True, "heard": list(_HEARD)}
                _HEARD.clear()
            elif request["cmd"] == "select_row":
                reply = select_row(bus, int(request["pid"]), request["table"], int(request["row"]))
            else:
                reply = {"ok": False, "error": f"unknown command {request['cmd']!r}"}
        except Exception:
            reply = {"ok": False, "error": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    os.environ.setdefault("NO_AT_BRIDGE", "1")
    main()
