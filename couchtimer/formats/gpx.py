"""GPX files (phones, Strava, Suunto, GPSBabel) through gpxpy.

Heart rate and cadence live in Garmin's TrackPointExtension (``gpxtpx:hr``, ``gpxtpx:cad``,
cadence in strides per minute of one foot) or bare ``hr``/``cad`` elements some apps write;
distances are summed from positions within each track segment, never across the gap between
two segments or tracks (each such gap is a pause). A file gpxpy refuses as XML (cut off
mid-way) is read again by the safe pull parser up to the fault.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

import gpxpy
import gpxpy.gpx

from couchtimer.core.activity import TrackBuilder
from couchtimer.formats.xmlsafe import FAULTS, closed_elements, fault, local, moment, number

# GPX has no timer events: a logger that stopped (or lost its fix) leaves a jump in time. Longer
# than 5 minutes (sparse loggers write a point every 30 s or more), it is a pause; between two
# track segments, any gap is one.
GAP_IS_PAUSE = 300.0
_HEART = ("hr", "heartrate")
_CADENCE = ("cad", "cadence", "runcadence")


def read_gpx(data: bytes) -> TrackBuilder:
    try:
        document = gpxpy.parse(data.decode("utf-8", errors="replace"))
    except gpxpy.gpx.GPXXMLSyntaxException:
        return _read_damaged(data)
    except (gpxpy.gpx.GPXException, ValueError, TypeError, AttributeError) as exc:
        builder = _read_damaged(data)
        if not builder.warnings:
            builder.cut_short(f"GPX data the reader could not use ({type(exc).__name__})")
        return builder
    builder = TrackBuilder("gpx", (document.creator or "")[:80], gap_is_pause=GAP_IS_PAUSE)
    builder.sum_positions()
    untimed = 0
    last: datetime | None = None
    for track in document.tracks:
        for segment in track.segments:
            builder.new_stretch()
            first_in_stretch = True
            for point in segment.points:
                if point.time is None:
                    untimed += 1
                    continue
                if first_in_stretch and last is not None:
                    builder.pause(last, point.time)
                first_in_stretch = False
                heart, cadence = _extensions(point.extensions)
                builder.add(
                    point.time,
                    elevation_m=point.elevation,
                    raw_cadence=cadence,
                    heart=heart,
                    position=(point.latitude, point.longitude),
                )
                last = point.time
    if untimed:
        builder.warnings.append(f"{untimed} points without a time were left out")
    return builder


def _extensions(elements: list[Any]) -> tuple[float | None, float | None]:
    heart = cadence = None
    for extension in elements:
        for element in extension.iter():
            tag = element.tag
            if not isinstance(tag, str):
                continue
            name = tag[tag.rfind("}") + 1 :].lower()
            if name in _HEART:
                heart = number((element.text or "").strip())
            elif name in _CADENCE:
                cadence = number((element.text or "").strip())
    return heart, cadence


def _read_damaged(data: bytes) -> TrackBuilder:
    """What a GPX file holds up to the point where its XML breaks."""
    builder = TrackBuilder("gpx", gap_is_pause=GAP_IS_PAUSE)
    builder.sum_positions()
    last: datetime | None = None
    new_segment = True
    try:
        for event, element in closed_elements(data):
            name = local(element.tag)
            if event == "start":
                if name == "gpx" and not builder.device:
                    builder.device = (element.get("creator") or "")[:80]
                elif name == "trkseg":
                    builder.new_stretch()
                    new_segment = True
                continue
            if name == "trkpt":
                last, new_segment = _damaged_point(builder, element, last, new_segment)
                element.clear()
    except FAULTS as exc:
        builder.cut_short(fault(exc))
    return builder


def _damaged_point(
    builder: TrackBuilder, element: ET.Element, last: datetime | None, new_segment: bool
) -> tuple[datetime | None, bool]:
    time = elevation = None
    for child in element:
        name = local(child.tag)
        if name == "time":
            time = moment((child.text or "").strip())
        elif name == "ele":
            elevation = number((child.text or "").strip())
    latitude, longitude = number(element.get("lat")), number(element.get("lon"))
    if time is None or latitude is None or longitude is None:
        return last, new_segment
    if new_segment and last is not None:
        builder.pause(last, time)
    heart, cadence = _extensions([e for e in element if local(e.tag) == "extensions"])
    builder.add(
        time,
        elevation_m=elevation,
        raw_cadence=cadence,
        heart=heart,
        position=(latitude, longitude),
    )
    return time, False
