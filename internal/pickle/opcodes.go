package pickle

// Opcodes of pickle protocols 0 to 5, as named in CPython's Lib/pickle.py.
const (
	opMark           = '('
	opStop           = '.'
	opPop            = '0'
	opPopMark        = '1'
	opDup            = '2'
	opFloat          = 'F'
	opInt            = 'I'
	opBinint         = 'J'
	opBinint1        = 'K'
	opLong           = 'L'
	opBinint2        = 'M'
	opNone           = 'N'
	opPersid         = 'P'
	opBinpersid      = 'Q'
	opReduce         = 'R'
	opString         = 'S'
	opBinstring      = 'T'
	opShortBinstring = 'U'
	opUnicode        = 'V'
	opBinunicode     = 'X'
	opAppend         = 'a'
	opBuild          = 'b'
	opGlobal         = 'c'
	opDict           = 'd'
	opEmptyDict      = '}'
	opAppends        = 'e'
	opGet            = 'g'
	opBinget         = 'h'
	opInst           = 'i'
	opLongBinget     = 'j'
	opList           = 'l'
	opEmptyList      = ']'
	opObj            = 'o'
	opPut            = 'p'
	opBinput         = 'q'
	opLongBinput     = 'r'
	opSetitem        = 's'
	opTuple          = 't'
	opEmptyTuple     = ')'
	opSetitems       = 'u'
	opBinfloat       = 'G'

	opProto    = 0x80
	opNewobj   = 0x81
	opExt1     = 0x82
	opExt2     = 0x83
	opExt4     = 0x84
	opTuple1   = 0x85
	opTuple2   = 0x86
	opTuple3   = 0x87
	opNewtrue  = 0x88
	opNewfalse = 0x89
	opLong1    = 0x8a
	opLong4    = 0x8b

	opBinbytes      = 'B'
	opShortBinbytes = 'C'

	opShortBinunicode = 0x8c
	opBinunicode8     = 0x8d
	opBinbytes8       = 0x8e
	opEmptySet        = 0x8f
	opAdditems        = 0x90
	opFrozenset       = 0x91
	opNewobjEx        = 0x92
	opStackGlobal     = 0x93
	opMemoize         = 0x94
	opFrame           = 0x95

	opBytearray8     = 0x96
	opNextBuffer     = 0x97
	opReadonlyBuffer = 0x98
)

// argKind is the layout of an opcode's argument, which is all a framer
// needs to find the end of a pickle.
type argKind uint8

const (
	argNone    argKind = iota
	argFixed           // size bytes
	argLine            // up to and including '\n'
	argLines2          // two lines (GLOBAL, INST)
	argCount1          // 1-byte length, then that many bytes
	argCount4          // 4-byte unsigned little-endian length, then data
	argCount4s         // 4-byte signed little-endian length, then data
	argCount8          // 8-byte little-endian length, then data
)

type opInfo struct {
	name   string
	arg    argKind
	size   int    // for argFixed
	refuse string // non-empty: why the decoder will not run it
}

const (
	whyFind     = "it looks up a Python class or function by name"
	whyCall     = "it calls a Python callable"
	whyBuild    = "it sets an object's state (calls __setstate__)"
	whyExt      = "it looks up an object in the copyreg extension registry"
	whyPersist  = "it loads a persistent object by id"
	whySet      = "sets are not among the decoded types"
	whyBytearr  = "bytearray is not among the decoded types"
	whyOutOfBnd = "out-of-band buffers are not supported"
)

var ops [256]opInfo

func init() {
	def := func(op byte, name string, arg argKind, size int, refuse string) {
		ops[op] = opInfo{name, arg, size, refuse}
	}
	def(opMark, "MARK", argNone, 0, "")
	def(opStop, "STOP", argNone, 0, "")
	def(opPop, "POP", argNone, 0, "")
	def(opPopMark, "POP_MARK", argNone, 0, "")
	def(opDup, "DUP", argNone, 0, "")
	def(opFloat, "FLOAT", argLine, 0, "")
	def(opInt, "INT", argLine, 0, "")
	def(opBinint, "BININT", argFixed, 4, "")
	def(opBinint1, "BININT1", argFixed, 1, "")
	def(opLong, "LONG", argLine, 0, "")
	def(opBinint2, "BININT2", argFixed, 2, "")
	def(opNone, "NONE", argNone, 0, "")
	def(opPersid, "PERSID", argLine, 0, whyPersist)
	def(opBinpersid, "BINPERSID", argNone, 0, whyPersist)
	def(opReduce, "REDUCE", argNone, 0, whyCall)
	def(opString, "STRING", argLine, 0, "")
	def(opBinstring, "BINSTRING", argCount4s, 0, "")
	def(opShortBinstring, "SHORT_BINSTRING", argCount1, 0, "")
	def(opUnicode, "UNICODE", argLine, 0, "")
	def(opBinunicode, "BINUNICODE", argCount4, 0, "")
	def(opAppend, "APPEND", argNone, 0, "")
	def(opBuild, "BUILD", argNone, 0, whyBuild)
	def(opGlobal, "GLOBAL", argLines2, 0, whyFind)
	def(opDict, "DICT", argNone, 0, "")
	def(opEmptyDict, "EMPTY_DICT", argNone, 0, "")
	def(opAppends, "APPENDS", argNone, 0, "")
	def(opGet, "GET", argLine, 0, "")
	def(opBinget, "BINGET", argFixed, 1, "")
	def(opInst, "INST", argLines2, 0, whyFind)
	def(opLongBinget, "LONG_BINGET", argFixed, 4, "")
	def(opList, "LIST", argNone, 0, "")
	def(opEmptyList, "EMPTY_LIST", argNone, 0, "")
	def(opObj, "OBJ", argNone, 0, whyCall)
	def(opPut, "PUT", argLine, 0, "")
	def(opBinput, "BINPUT", argFixed, 1, "")
	def(opLongBinput, "LONG_BINPUT", argFixed, 4, "")
	def(opSetitem, "SETITEM", argNone, 0, "")
	def(opTuple, "TUPLE", argNone, 0, "")
	def(opEmptyTuple, "EMPTY_TUPLE", argNone, 0, "")
	def(opSetitems, "SETITEMS", argNone, 0, "")
	def(opBinfloat, "BINFLOAT", argFixed, 8, "")

	def(opProto, "PROTO", argFixed, 1, "")
	def(opNewobj, "NEWOBJ", argNone, 0, whyCall)
	def(opExt1, "EXT1", argFixed, 1, whyExt)
	def(opExt2, "EXT2", argFixed, 2, whyExt)
	def(opExt4, "EXT4", argFixed, 4, whyExt)
	def(opTuple1, "TUPLE1", argNone, 0, "")
	def(opTuple2, "TUPLE2", argNone, 0, "")
	def(opTuple3, "TUPLE3", argNone, 0, "")
	def(opNewtrue, "NEWTRUE", argNone, 0, "")
	def(opNewfalse, "NEWFALSE", argNone, 0, "")
	def(opLong1, "LONG1", argCount1, 0, "")
	def(opLong4, "LONG4", argCount4s, 0, "")

	def(opBinbytes, "BINBYTES", argCount4, 0, "")
	def(opShortBinbytes, "SHORT_BINBYTES", argCount1, 0, "")

	def(opShortBinunicode, "SHORT_BINUNICODE", argCount1, 0, "")
	def(opBinunicode8, "BINUNICODE8", argCount8, 0, "")
	def(opBinbytes8, "BINBYTES8", argCount8, 0, "")
	def(opEmptySet, "EMPTY_SET", argNone, 0, whySet)
	def(opAdditems, "ADDITEMS", argNone, 0, whySet)
	def(opFrozenset, "FROZENSET", argNone, 0, whySet)
	def(opNewobjEx, "NEWOBJ_EX", argNone, 0, whyCall)
	def(opStackGlobal, "STACK_GLOBAL", argNone, 0, whyFind)
	def(opMemoize, "MEMOIZE", argNone, 0, "")
	def(opFrame, "FRAME", argFixed, 8, "")

	def(opBytearray8, "BYTEARRAY8", argCount8, 0, whyBytearr)
	def(opNextBuffer, "NEXT_BUFFER", argNone, 0, whyOutOfBnd)
	def(opReadonlyBuffer, "READONLY_BUFFER", argNone, 0, whyOutOfBnd)
}

// opName is the opcode's name, or "unknown" for a byte that is no opcode.
func opName(op byte) string {
	if n := ops[op].name; n != "" {
		return n
	}
	return "unknown"
}
