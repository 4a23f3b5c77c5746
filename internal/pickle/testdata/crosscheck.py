#!/usr/bin/env python3
"""Live cross-check for python_test.go: run by the Go test, not by hand.

Reads JSON from stdin: a list of cases {"value": V, "ours": {protocol: base64}},
where V is a tagged value (["N"], ["T"], ["F"], ["i", decimal], ["f", hex bits],
["s", base64 UTF-8], ["b", base64], ["l", [V...]], ["t", [V...]],
["d", [[K, V]...]]). Builds each value from fresh objects, as a running program
would, and writes JSON to stdout: per case and protocol, CPython's own pickle
of the value ("theirs", base64, only when it differs from ours: "same" says
whether it does) and whether pickle.loads of our bytes gives an equal value
of the same types ("loads": "ok" or the reason).
"""

import base64
import json
import math
import pickle
import struct
import sys


def build(x):
    t = x[0]
    if t == "N":
        return None
    if t == "T":
        return True
    if t == "F":
        return False
    if t == "i":
        return int(x[1])
    if t == "f":
        return struct.unpack(">d", bytes.fromhex(x[1]))[0]
    if t == "s":
        return base64.b64decode(x[1]).decode("utf-8")
    if t == "b":
        return bytes(bytearray(base64.b64decode(x[1])))
    if t == "l":
        return [build(e) for e in x[1]]
    if t == "t":
        return tuple([build(e) for e in x[1]])
    if t == "d":
        d = {}
        for k, v in x[1]:
            d[build(k)] = build(v)
        return d
    raise ValueError("unknown tag %r" % t)


def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or struct.pack(">d", a) == struct.pack(">d", b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return len(a) == len(b) and all(
            same(k1, k2) and same(v1, v2) for (k1, v1), (k2, v2) in zip(a.items(), b.items()))
    return a == b


def main():
    sys.setrecursionlimit(10000)
    out = []
    for case in json.load(sys.stdin):
        v = build(case["value"])
        res = {}
        for proto, ours in case["ours"].items():
            theirs = pickle.dumps(v, protocol=int(proto))
            ours = base64.b64decode(ours)
            try:
                loaded = pickle.loads(ours)
                verdict = "ok" if same(loaded, v) else "loads gave %.200r" % (loaded,)
            except Exception as e:  # noqa: BLE001 - the verdict reports it
                verdict = "loads raised %r" % e
            res[proto] = {"same": theirs == ours, "loads": verdict}
            if theirs != ours:
                res[proto]["theirs"] = base64.b64encode(theirs).decode()
        out.append(res)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
