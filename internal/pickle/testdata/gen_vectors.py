#!/usr/bin/env python3
"""Recreates internal/pickle/vectors_test.go from CPython's pickle module.

Run from anywhere:  python3 internal/pickle/testdata/gen_vectors.py

Every vector is the output of the Python one-liner written above it in the Go
file. The script checks that each one-liner gives the same bytes as the same
value built from fresh objects (as a running program builds them, and as the
Go encoder assumes), so no vector depends on two equal constants being one
object in Python source.
"""

import argparse
import collections
import datetime
import decimal
import hashlib
import math
import os
import pickle
import pickletools
import platform
import struct
import sys

# Values pickled at every protocol, unless a list of protocols follows.
VALUES = [
    "None", "True", "False",
    "0", "1", "-1", "255", "256", "65535", "65536", "-129",
    "2**31 - 1", "-2**31", "2**31", "-2**31 - 1",
    "2**63 - 1", "-2**63", "2**63", "-2**63 - 1", "2**64", "-2**64",
    "10**30", "-10**30", "2**300",
    "0.0", "-0.0", "1.0", "1.5", "0.1", "-2.5e-07", "1e16", "1e15", "1e-05", "0.0001",
    "123456789.0", "1.7976931348623157e308", "5e-324",
    "float('inf')", "float('-inf')", "float('nan')",
    "''", "'a'", "'hello'", "'\\xe9'", "'caf\\xe9'", "'\\u20acuro'", "'\\U0001f600'",
    "'a\\nb\\\\c\\rd\\x00e\\x1af'", "\"it's\"", "'say \"hi\"'", "'tab\\there'",
    "b''", "b'a'", "b'\\x00\\xff'", "b'abc'", "b'caf\\xe9'",
    "[]", "[1, 2, 7, 9, 0]", "[None]", "[[]]", "[1, [2, [3, [4]]]]",
    "['a', 'a']", "['', '']", "['\\xe9', 'b', '\\xe9']",
    "[b'', b'']", "[b'ab', b'cd']",
    "()", "(1,)", "(1, 2)", "(1, 2, 3)", "(1, 2, 3, 4)", "((), (1,))", "([], {})",
    "{}", "{1: 2}", "{'a': 1, 'b': [1, 2]}", "{(1, 2): 'x', None: True}", "{1.5: b'x', -1: ()}",
    "[1, 'two', 3.0, None, True, (4, 5), {'six': [7]}, b'eight']",
]
ALL = range(6)

# Outputs too long to keep in the Go file: their length and SHA-256.
# (Python expression, Go expression, protocols)
BIG = [
    ("'x' * 255", 'strings.Repeat("x", 255)', ALL),
    ("'x' * 256", 'strings.Repeat("x", 256)', ALL),
    ("b'x' * 256", '[]byte(strings.Repeat("x", 256))', ALL),
    ("2**2100", "pow2(2100, 0)", ALL),
    ("-2**2100 + 1", "neg(pow2(2100, -1))", [0, 2]),
    ("10**4299", "pow10(4299)", [0, 1, 2]),
    ("list(range(1001))", "intRange(1001)", [0, 1, 2, 4]),
    ("{i: i for i in range(1000)}", "intDict(1000)", [0, 1, 2, 4]),
    ("{i: None for i in range(1001)}", "noneDict(1001)", [1, 2]),
    ("{i: None for i in range(2000)}", "noneDict(2000)", [2]),
    ("'x' * 70000", 'strings.Repeat("x", 70000)', [1, 3, 4, 5]),
    ("b'y' * 70000", '[]byte(strings.Repeat("y", 70000))', [3, 4, 5]),
    ("[b'z' * 70000, 1]", 'func() any { return []any{[]byte(strings.Repeat("z", 70000)), int64(1)} }()', [4, 5]),
    ("[('%04d' % i) * 250 for i in range(66)]", "quarterKStrings(66)", [2, 4, 5]),
    ("[('%04d' % i) * 250 for i in range(67)]", "quarterKStrings(67)", [4, 5]),
    ("[('%04d' % i) * 250 for i in range(300)]", "quarterKStrings(300)", [4]),
    ("[[('%04d' % i) * 250 for i in range(66)], 5]", "func() any { return []any{quarterKStrings(66), int64(5)} }()", [4]),
    ("[(('%04d' % i) * 250, 'ab%d' % i) for i in range(70)]", "pairsForFrames(70)", [4, 5]),
    ("list(range(10000))", "intRange(10000)", [0, 1, 2, 4]),
    ("{'k%d' % i: [i] for i in range(5000)}", "keyedLists(5000)", [0, 2, 4]),
]

# Pickles CPython 3 never writes but loads (mostly what Python 2 writes),
# as (description, pickle bytes).
LOADS = [
    ("Python 2 protocol 0 list, the tutorial's", b"(lp0\nI1\naI2\naI7\naI9\naI0\na."),
    ("Python 2 str", b"S'abc'\np0\n."),
    ("Python 2 str with escapes", b"S'it\\'s\\n\\x41\\101\\\\'\np0\n."),
    ("Python 2 str in double quotes", b'S"a\'b"\np0\n.'),
    ("Python 2 unicode with escapes", b"V\\u20ac \\\\ \\n \xe9\np0\n."),
    ("Python 2 dict of str", b"(dp0\nS'a'\np1\nI1\nsS'b'\np2\n(lp3\nI01\naI00\nas."),
    ("Python 2 bools", b"(I01\nI00\nt."),
    ("Python 2 long", b"L123L\n."),
    ("Python 2 negative long", b"L-99999999999999999999L\n."),
    ("LONG without L", b"L5\n."),
    ("INT beyond 64 bits", b"I123456789012345678901234567890\n."),
    ("Python 2.6 float repr", b"F0.10000000000000001\n."),
    ("float inf", b"Finf\n."),
    ("SHORT_BINSTRING", b"U\x03abc."),
    ("BINSTRING", b"T\x03\x00\x00\x00abc."),
    ("LONG1 of zero bytes", b"\x8a\x00."),
    ("LONG4 of zero bytes", b"\x8b\x00\x00\x00\x00."),
    ("LONG1 of 9 bytes that fits int64", b"\x8a\x09\x01\x00\x00\x00\x00\x00\x00\x00\x00."),
    ("POP_MARK", b"K\x01(K\x02K\x031."),
    ("POP", b"K\x01K\x020."),
    ("POP of a MARK", b"K\x01(0."),
    ("DUP", b"K\x012\x86."),
    ("memo GET of a tuple", b"K\x01\x85q\x00h\x00\x86."),
    ("LONG_BINPUT and LONG_BINGET", b"]r\xff\xff\xff\x00j\xff\xff\xff\x00\x86."),
    ("text PUT and GET", b"(lp7\ng7\n\x86."),
    ("MEMOIZE after PUT", b"K\x01p5\nK\x02\x94h\x01\x86."),
    ("dict with a repeated key", b"}(K\x01K\x02K\x01K\x03u."),
    ("dict where True and 1 are one key", b"}(K\x01K\x02\x88K\x03u."),
    ("dict where 1.0 and 1 are one key", b"}(K\x01K\x02G?\xf0\x00\x00\x00\x00\x00\x00K\x03u."),
    ("DICT from MARK", b"(K\x01K\x02d."),
    ("SETITEM twice on one key", b"}K\x01K\x02sK\x01K\x03s."),
    ("FRAME around part of a pickle", b"\x80\x04\x95\x03\x00\x00\x00\x00\x00\x00\x00K\x01\x85."),
    ("BINUNICODE8", b"\x8d\x02\x00\x00\x00\x00\x00\x00\x00hi."),
    ("BINBYTES8", b"\x8e\x02\x00\x00\x00\x00\x00\x00\x00hi."),
    ("PROTO 5 then a Python 2 opcode", b"\x80\x05S'x'\n."),
    ("leftover MARK and objects below STOP", b"K\x01(K\x02."),
]

# More values for repr only: escapes, quotes and float notation.
REPR_EXTRA = [
    "'\\x7f\\x80\\xa0\\xad\\xff'", "'\\u200b\\u2028\\ufeff\\u00e9\\u4e2d'", "'\\U0001f600\\U000e0001'",
    "'\\'\"'", "'\\'\\''", "'\\\\'", "b'\\'\"'", "b\"'\"", "b'\\x7f\\x80 ~'",
    "0.30000000000000004", "1e22", "1e-07", "9007199254740993.0", "123456789012345678.0", "-1.5e-300",
    "9999999999999998.0", "1e+16", "0.001", "2.5",
    "[(), (1,), {}, {'k': (None,)}]",
]

# Values CPython pickles with opcodes the decoder refuses, and the protocols.
REFUSED = [
    ("{1, 2}", [2, 4]),
    ("frozenset([1])", [2, 4]),
    ("bytearray(b'x')", [2, 5]),
    ("collections.OrderedDict(a=1)", [0, 2, 4]),
    ("datetime.date(2020, 1, 1)", [2, 4]),
    ("decimal.Decimal('1.5')", [2]),
    ("1j", [1, 4]),
    ("argparse.Namespace(a=1)", [0, 2, 4]),
    ("os.system", [0, 4]),
    ("[1, b'']", [2]),
]
REFUSED_OPS = {
    "GLOBAL", "STACK_GLOBAL", "REDUCE", "BUILD", "INST", "OBJ", "NEWOBJ", "NEWOBJ_EX",
    "EXT1", "EXT2", "EXT4", "PERSID", "BINPERSID", "EMPTY_SET", "ADDITEMS", "FROZENSET",
    "BYTEARRAY8", "NEXT_BUFFER", "READONLY_BUFFER",
}


def fresh(v):
    """The value built from fresh objects, as a running program builds it."""
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return int(str(v))
    if isinstance(v, float):
        return struct.unpack(">d", struct.pack(">d", v))[0]
    if isinstance(v, str):
        return v.encode("utf-8").decode("utf-8")
    if isinstance(v, bytes):
        return bytes(bytearray(v))
    if isinstance(v, list):
        return [fresh(x) for x in v]
    if isinstance(v, tuple):
        return tuple([fresh(x) for x in v])
    if isinstance(v, dict):
        return {fresh(k): fresh(x) for k, x in v.items()}
    raise TypeError(type(v))


def go_str(b):
    """A Go interpreted string literal of the bytes b (ASCII only)."""
    out = ['"']
    for c in b:
        ch = chr(c)
        if ch == '"' or ch == "\\":
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif 0x20 <= c < 0x7F:
            out.append(ch)
        else:
            out.append("\\x%02x" % c)
    out.append('"')
    return "".join(out)


def go_value(v):
    """A Go expression of the plain value the decoder returns for v."""
    if v is None:
        return "nil"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        if -(2**63) <= v < 2**63:
            return "int64(%d)" % v
        return 'bigInt("%d")' % v
    if isinstance(v, float):
        if math.isnan(v):
            # The exact bits: Go's math.NaN() has another payload than Python's.
            return "math.Float64frombits(0x%016x)" % struct.unpack(">Q", struct.pack(">d", v))[0]
        if math.isinf(v):
            return "math.Inf(%d)" % (1 if v > 0 else -1)
        if v == 0 and math.copysign(1, v) < 0:
            return "math.Copysign(0, -1)"
        return "float64(%r)" % v
    if isinstance(v, str):
        return go_str(v.encode("utf-8"))
    if isinstance(v, bytes):
        return "[]byte(%s)" % go_str(v)
    if isinstance(v, list):
        return "[]any{%s}" % ", ".join(go_value(x) for x in v)
    if isinstance(v, tuple):
        return "Tuple{%s}" % ", ".join(go_value(x) for x in v)
    if isinstance(v, dict):
        return "Dict{%s}" % ", ".join("{%s, %s}" % (go_value(k), go_value(x)) for k, x in v.items())
    raise TypeError(type(v))


def py_bytes(b):
    return repr(b)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = []
    w = out.append
    w("// Code generated by testdata/gen_vectors.py with CPython %s; DO NOT EDIT.\n" % platform.python_version())
    w("\npackage pickle\n\nimport (\n\t\"math\"\n\t\"strings\"\n)\n")

    w("\n// encodeVectors: the value, pickled by CPython with the line above it.\n")
    w("var encodeVectors = []encodeVector{\n")
    for expr in VALUES:
        v = eval(expr)
        for p in ALL:
            line = "pickle.dumps(%s, protocol=%d)" % (expr, p)
            b = pickle.dumps(eval(expr), protocol=p)
            if b != pickle.dumps(fresh(v), protocol=p):
                sys.exit("%s: the one-liner shares objects a running program would not" % line)
            w("\t// %s\n" % line)
            w("\t{%s, %d, %s, %s},\n" % (go_str(expr.encode()), p, go_value(v), go_str(b)))
    w("}\n")

    w("\n// bigVectors: pickles too long to inline, by length and SHA-256.\n")
    w("var bigVectors = []bigVector{\n")
    for expr, goexpr, protos in BIG:
        for p in protos:
            line = "pickle.dumps(%s, protocol=%d)" % (expr, p)
            b = pickle.dumps(eval(expr), protocol=p)
            if b != pickle.dumps(fresh(eval(expr)), protocol=p):
                sys.exit("%s: the one-liner shares objects a running program would not" % line)
            w("\t// %s\n" % line)
            w("\t{%s, %d, func() any { return %s }, %d, \"%s\"},\n"
              % (go_str(expr.encode()), p, goexpr, len(b), hashlib.sha256(b).hexdigest()))
    w("}\n")

    w("\n// reprVectors: a value and CPython's repr of it.\n")
    w("var reprVectors = []reprVector{\n")
    for expr in VALUES + REPR_EXTRA:
        v = eval(expr)
        w("\t// repr(%s)\n" % expr)
        w("\t{%s, %s, %s},\n" % (go_str(expr.encode()), go_value(v), go_str(repr(v).encode("utf-8"))))
    w("}\n")

    w("\n// refusedVectors: CPython's pickles the decoder refuses, and the first\n")
    w("// opcode it refuses, as pickletools.genops finds it.\n")
    w("var refusedVectors = []refusedVector{\n")
    for expr, protos in REFUSED:
        for p in protos:
            b = pickle.dumps(eval(expr), protocol=p)
            op, pos = next((op.name, pos) for op, _, pos in pickletools.genops(b) if op.name in REFUSED_OPS)
            w("\t// pickle.dumps(%s, protocol=%d)\n" % (expr, p))
            w("\t{%s, %d, %s, %s, %d},\n" % (go_str(expr.encode()), p, go_str(b), go_str(op.encode()), pos))
    w("}\n")

    w("\n// loadVectors: pickles CPython 3 never writes, with what its loads returns.\n")
    w("var loadVectors = []loadVector{\n")
    for desc, b in LOADS:
        v = pickle.loads(b)
        w("\t// pickle.loads(%s) == %r\n" % (py_bytes(b), v))
        w("\t{%s, %s, %s},\n" % (go_str(desc.encode()), go_str(b), go_value(v)))
    w("}\n")

    with open(os.path.join(here, "..", "vectors_test.go"), "w") as f:
        f.write("".join(out))


if __name__ == "__main__":
    main()
