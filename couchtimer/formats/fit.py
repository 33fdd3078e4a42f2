"""FIT activity files (Garmin and most watches) through fitdecode.

The fast path: fitdecode's per-byte CRC in Python costs a quarter of its reading time, so it is
off and the file's CRC is checked once here over the whole buffer; fitdecode's own warnings are
off too (they would be raised as errors in a worker thread with nobody to read them) and every
fault becomes a "cut short" warning that keeps the samples read before it.
"""

from __future__ import annotations

import io
import struct
from datetime import UTC, datetime, timedelta
from typing import Any

import fitdecode

from couchtimer.core.activity import TrackBuilder

SEMICIRCLE = 180 / 2**31
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
_WANTED = frozenset(("record", "event", "lap", "file_id", "device_info"))
_STOPS = ("stop", "stop_all", "stop_disable", "stop_disable_all")


def is_fit(head: bytes) -> bool:
    return len(head) >= 12 and head[8:12] == b".FIT"


def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_TABLE = _crc_table()


def crc16(data: bytes) -> int:
    """The FIT file CRC (CRC-16/ARC)."""
    crc = 0
    table = _TABLE
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _check_crc(data: bytes, builder: TrackBuilder) -> None:
    if not data:
        return
    header_size = data[0]
    if len(data) < header_size or header_size < 12:
        return  # fitdecode says what is wrong with the header
    (data_size,) = struct.unpack_from("<I", data, 4)
    end = header_size + data_size
    if len(data) < end + 2:
        return  # cut short: fitdecode reaches the end of the bytes and says so
    (stored,) = struct.unpack_from("<H", data, end)
    if stored != 0 and crc16(data[:end]) != stored:
        builder.warnings.append("the file's checksum does not match: some values may be damaged")


def _fields(message: Any) -> dict[str, Any]:
    """A message's values by field name, in one pass (fitdecode's get_value searches the fields
    each time it is called: nine calls a record cost more than the rest of our reading)."""
    return {field.name: field.value for field in message.fields}


def _time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int) and 0x10000000 <= value < 0xFFFFFFFF:
        return FIT_EPOCH + timedelta(seconds=value)
    return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def read_fit(data: bytes) -> tuple[TrackBuilder, str | None]:
    """The samples, laps, pauses and device of a FIT file; the file type if not an activity."""
    builder = TrackBuilder("fit")
    _check_crc(data, builder)
    file_type: str | None = None
    stopped_at: datetime | None = None
    reader = fitdecode.FitReader(
        io.BytesIO(data),
        check_crc=fitdecode.CrcCheck.DISABLED,
        error_handling=fitdecode.ErrorHandling.IGNORE,
        # No value processing: times stay FIT seconds (``_time`` converts the few we use) and
        # the default processor's per-field calls are a third of fitdecode's time.
        processor=fitdecode.DataProcessorBase(),
    )
    try:
        for frame in reader:
            if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                continue
            name = frame.name
            if name not in _WANTED:
                continue
            values = _fields(frame)
            if name == "record":
                _add_record(builder, values)
            elif name == "event":
                stopped_at = _event(builder, values, stopped_at)
            elif name == "lap":
                _add_lap(builder, values)
            elif name == "file_id":
                file_type = str(values.get("type"))
                builder.device = builder.device or _device(values)
            elif not builder.device and values.get("device_index") in ("creator", 0):
                builder.device = _device(values)
    except OverflowError:
        raise
    except fitdecode.FitEOFError:
        builder.cut_short("it ends in the middle of a record")
    except Exception as exc:
        builder.cut_short(_fault(exc))
    finally:
        reader.close()
    return builder, file_type


def _fault(exc: Exception) -> str:
    if isinstance(exc, fitdecode.FitError):
        return str(exc).splitlines()[0][:120] or type(exc).__name__
    return f"unreadable data ({type(exc).__name__})"


def _add_record(builder: TrackBuilder, values: dict[str, Any]) -> None:
    time = _time(values.get("timestamp"))
    if time is None:
        return
    lat, lon = values.get("position_lat"), values.get("position_long")
    position = None
    if isinstance(lat, int) and isinstance(lon, int):
        position = (lat * SEMICIRCLE, lon * SEMICIRCLE)
    elevation = _number(values.get("enhanced_altitude"))
    if elevation is None:
        elevation = _number(values.get("altitude"))
    speed = _number(values.get("enhanced_speed"))
    if speed is None:
        speed = _number(values.get("speed"))
    cadence = _number(values.get("cadence"))
    if cadence is not None:
        cadence += _number(values.get("fractional_cadence")) or 0.0
    builder.add(
        time,
        distance_m=_number(values.get("distance")),
        elevation_m=elevation,
        raw_cadence=cadence,
        speed=speed,
        heart=_number(values.get("heart_rate")),
        position=position,
    )


def _event(
    builder: TrackBuilder, values: dict[str, Any], stopped_at: datetime | None
) -> datetime | None:
    """Timer stops and starts: a stop followed by a start is a pause."""
    if values.get("event") != "timer":
        return stopped_at
    time = _time(values.get("timestamp"))
    kind = values.get("event_type")
    if time is None:
        return stopped_at
    if kind in _STOPS:
        return stopped_at or time
    if kind == "start" and stopped_at is not None:
        builder.pause(stopped_at, time)
        return None
    return stopped_at


def _add_lap(builder: TrackBuilder, values: dict[str, Any]) -> None:
    start = _time(values.get("start_time"))
    seconds = _number(values.get("total_timer_time"))
    if seconds is None:
        seconds = _number(values.get("total_elapsed_time"))
    if start is None or seconds is None:
        return
    builder.lap(
        start,
        seconds,
        _number(values.get("total_distance")),
        _number(values.get("total_ascent")),
        _number(values.get("total_descent")),
    )


def _device(values: dict[str, Any]) -> str:
    maker = values.get("manufacturer")
    product = values.get("garmin_product")
    if product is None:
        product = values.get("product_name") or values.get("product")
    words = [str(part) for part in (maker, product) if part not in (None, "")]
    return " ".join(words)[:80]
