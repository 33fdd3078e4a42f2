"""A desktop notification server for tests: writes each notification down instead of showing it.

Run inside a private session bus, ``dbus-run-session -- python notifications.py LOG``: it owns
``org.freedesktop.Notifications``, then prints the bus address (so the test knows it is ready)
and appends one JSON line per ``Notify`` call to LOG. QtDBus dispatches a call only when its
signature is the specification's exactly (``susssasa{sv}i``), as GNOME Shell's GDBus does, so
a client that sends an int32 where a uint32 belongs is refused here too.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Notifications(QObject):
    def __init__(self, log: Path) -> None:
        super().__init__()
        self._log = log
        self._count = 0

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(  # noqa: N802 (the D-Bus method's name)
        self,
        app_name: str,
        replaces_id: int,
        app_icon: str,
        summary: str,
        body: str,
        actions: list[str],
        hints: dict[str, object],
        expire_timeout: int,
    ) -> int:
        self._count += 1
        record = {
            "app_name": app_name, "replaces_id": replaces_id, "app_icon": app_icon,
            "summary": summary, "body": body, "actions": actions, "expire_timeout": expire_timeout,
        }  # fmt: skip
        with self._log.open("a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return self._count


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    server = Notifications(Path(sys.argv[1]))
    options = QDBusConnection.RegisterOption.ExportAllSlots
    if not bus.registerObject("/org/freedesktop/Notifications", server, options):
        print("cannot register the object", file=sys.stderr)
        return 1
    if not bus.registerService("org.freedesktop.Notifications"):
        print("cannot own org.freedesktop.Notifications", file=sys.stderr)
        return 1
    print(os.environ["DBUS_SESSION_BUS_ADDRESS"], flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
