"""TCX (Garmin Training Center) files: our own reader on the safe pull parser.

Not tcxreader: it returns naive times for "Z" timestamps and drops every point of a treadmill
file (no position) by default. Running cadence is ``ns3:TPX/RunCadence`` (strides per minute of
one foot); ``Cadence`` directly in a Trackpoint is a bike's pedal rpm and is not a step rate.
A new ``Track`` element inside an activity after a gap is a timer stop (a pause).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from couchtimer.core.activity import TrackBuilder
from couchtimer.formats.xmlsafe import FAULTS, closed_elements, fault, local, moment, number, text

# Consecutive points of one recording are at most a few seconds apart (smart recording: up to
# ~10 s); a longer gap where one Track element ends and the next begins is a timer stop.
PAUSE_GAP_SECONDS = 10.0


def read_tcx(data: bytes) -> TrackBuilder:
    builder = TrackBuilder("tcx")
    last_time: datetime | None = None
    track_ended_at: datetime | None = None
    has_distance = False
    try:
        for event, element in closed_elements(data):
            name = local(element.tag)
            if event == "start":
                continue
            if name == "Trackpoint":
                time = moment(text(element, "Time"))
                if time is not None:
                    if track_ended_at is not None and last_time is not None:
                        if (time - track_ended_at).total_seconds() > PAUSE_GAP_SECONDS:
                            builder.pause(track_ended_at, time)
                        track_ended_at = None
                    distance = number(text(element, "DistanceMeters"))
                    has_distance = has_distance or distance is not None
                    _add_point(builder, element, time, distance)
                    last_time = time
                element.clear()
            elif name == "Track":
                track_ended_at = last_time
            elif name == "Lap":
                _add_lap(builder, element)
                element.clear()
            elif name == "Creator" and not builder.device:
                builder.device = (text(element, "Name") or "")[:80]
    except FAULTS as exc:
        builder.cut_short(fault(exc))
    return builder


def _add_point(
    builder: TrackBuilder, point: ET.Element, time: datetime, distance: float | None
) -> None:
    latitude = longitude = None
    elevation = cadence = speed = heart = None
    for child in point:
        name = local(child.tag)
        if name == "Position":
            latitude = number(text(child, "LatitudeDegrees"))
            longitude = number(text(child, "LongitudeDegrees"))
        elif name == "AltitudeMeters":
            elevation = number(child.text)
        elif name == "HeartRateBpm":
            heart = number(text(child, "Value"))
        elif name == "Extensions":
            for tpx in child:
                cadence = number(text(tpx, "RunCadence"))
                speed = number(text(tpx, "Speed"))
    position = None
    if latitude is not None and longitude is not None:
        position = (latitude, longitude)
    if distance is None and position is not None:
        builder.sum_positions()
    builder.add(
        time,
        distance_m=distance,
        elevation_m=elevation,
        raw_cadence=cadence,
        speed=speed,
        heart=heart,
        position=position,
    )


def _add_lap(builder: TrackBuilder, lap: ET.Element) -> None:
    start = moment(lap.get("StartTime"))
    seconds = number(text(lap, "TotalTimeSeconds"))
    if start is None or seconds is None:
        return
    builder.lap(start, seconds, number(text(lap, "DistanceMeters")))
