#!/usr/bin/python3
"""Reference decoder for the Firecode wire format v1, written from docs/wire-format.md alone.

Independent of the TypeScript codec: it uses only Python's standard library and cbor2. It reads
messages (one file each, or several hex strings on stdin), and prints one JSON object per message
with aliases expanded through the catalogs of the birth messages it has seen before.

usage: decode_v1.py FILE...        (files are decoded in order; births first)
"""
import hashlib
import json
import sys
import zlib

import cbor2

EVENT_KINDS = [
    "fire", "fault", "supervisory", "feedback", "started", "stopped", "shielded", "unshielded",
    "restored", "reset", "silenced", "main-power-fault", "backup-power-fault", "bus-fault",
    "offline", "online", "low-alarm", "high-alarm", "power-fault",
]
LEVELS = {0: "good", 1: "uncertain", 2: "bad"}
REASONS = [None, "communication-failure", "out-of-range", "sensor-fault", "stale",
           "configuration-error", "substituted"]
TYPES = {0: "birth", 1: "data", 2: "alarm", 3: "state"}

catalogs = {}


def body_bytes(env):
    if 8 in env:
        return zlib.decompress(env[8], wbits=-15)  # raw DEFLATE
    return env[7]


def body_map(env):
    if 8 in env:
        return cbor2.loads(body_bytes(env))
    return env[7]


def expand_times(column, base):
    if isinstance(column, dict):
        return [base + column[0] + i * column[1] for i in range(column[2])]
    times, t = [], base
    for delta in column:
        t += delta
        times.append(t)
    return times


def quality(code):
    q = {"level": LEVELS[code & 3]}
    if code >> 2:
        q["reason"] = REASONS[code >> 2]
    return q


def readings(body, catalog, base):
    out = []
    columns = body.get(0, [])
    for series in body.get(1, []):
        alias, column, decimals, values = series[0], series[1], series[2], series[3]
        qualities = series[4] if len(series) > 4 else {}
        times = expand_times(columns[column], base)
        assert len(times) == len(values)
        previous = 0
        for i, item in enumerate(values):
            if item is None:
                value = None
            elif isinstance(item, list):
                value = item[0]
            else:
                previous += item
                value = previous / 10 ** decimals if decimals else previous
            out.append({
                "point": catalog["points"][alias]["id"],
                "time": times[i],
                "value": value,
                "quality": quality(qualities[i]) if i in qualities else {"level": "good"},
            })
    return out


def ref(item, catalog, key):
    return item if isinstance(item, str) else catalog[key][item]["id"]


def events(items, catalog, base):
    out = []
    for e in items:
        event = {
            "time": base + e[0], "kind": EVENT_KINDS[e[1]], "active": e[2],
            "component": ref(e[3], catalog, "components"), "systemType": e[4], "componentType": e[5],
        }
        for key, name in ((6, "loop"), (7, "address"), (10, "description")):
            if key in e:
                event[name] = e[key]
        if 8 in e:
            event["point"] = ref(e[8], catalog, "points")
        if 9 in e:
            event["source"] = dict(e[9])
        out.append(event)
    return out


def decode(data):
    env = cbor2.loads(data)
    assert env[0] == 1, "format version"
    kind = TYPES[env[1]]
    out = {"type": kind, "gatewayId": env[2], "time": env[4]}
    if 3 in env:
        out["sequence"] = str(env[3])
    if kind == "birth":
        raw = body_bytes(env)
        digest = hashlib.sha256(raw).digest()[:8]
        assert digest == env[5], "catalog hash"
        catalog = cbor2.loads(raw)
        catalogs[(env[2], env[5])] = catalog
        out["catalogHash"] = env[5].hex()
        out["catalog"] = catalog
    elif kind == "state":
        out["online"] = body_map(env)[4]
    else:
        body = body_map(env)
        catalog = catalogs.get((env[2], env.get(5)))
        out["historical"] = env.get(6, False)
        if kind == "data":
            out["readings"] = readings(body, catalog, env[4])
            if 3 in body:
                out["status"] = dict(body[3])
        out["events"] = events(body.get(2, []), catalog, env[4])
    return out


if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, "rb") as f:
            print(json.dumps(decode(f.read()), ensure_ascii=False))
