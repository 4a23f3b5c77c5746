package pickle

import (
	"bytes"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"sync"

	gopickle "github.com/nlpodyssey/gopickle/pickle"
	"github.com/nlpodyssey/gopickle/types"
)

// Decode decodes the pickle in b with DefaultLimits. b must hold exactly one
// pickle: bytes after its STOP are an error (use a Decoder on a stream).
func Decode(b []byte) (any, error) { return DecodeLimits(b, DefaultLimits) }

// DecodeLimits is Decode with limits l; its zero fields mean DefaultLimits.
func DecodeLimits(b []byte, l Limits) (any, error) {
	v, _, err := decodeBytes(b, l.orDefault())
	return v, err
}

// decodeBytes is DecodeLimits, also returning the allocation it estimated.
func decodeBytes(b []byte, l Limits) (any, int, error) {
	prog, end, cost, err := scan(b, l)
	if err != nil {
		return nil, cost, err
	}
	if end != len(b) {
		return nil, cost, &Error{Offset: int64(end), Op: -1,
			Msg: strconv.Itoa(len(b)-end) + " bytes after STOP (a Decoder reads pickles one after another)"}
	}
	return run(prog, l, cost)
}

// A Decoder reads pickles one at a time from a stream, each exactly up to
// its STOP opcode (see ReadFrame). It is not safe for concurrent use.
type Decoder struct {
	// Limits applies to each pickle; NewDecoder sets DefaultLimits.
	Limits Limits

	r io.Reader
}

// NewDecoder returns a Decoder reading from r with DefaultLimits.
func NewDecoder(r io.Reader) *Decoder { return &Decoder{Limits: DefaultLimits, r: r} }

// Decode reads the next pickle and decodes it. At the end of the stream,
// before any byte of a pickle, it returns io.EOF. A pickle that is read
// whole but refused or malformed leaves the stream at the next pickle.
func (d *Decoder) Decode() (any, error) {
	l := d.Limits.orDefault()
	raw, err := ReadFrame(d.r, l)
	if err != nil {
		return nil, err
	}
	prog, _, cost, err := scan(raw, l)
	if err != nil {
		return nil, err
	}
	v, _, err := run(prog, l, cost)
	return v, err
}

// run executes a checked program with gopickle and converts its objects to
// plain values, turning any panic into an error. It also returns the
// estimated allocation: cost, the scanner's estimate, plus the conversion's.
func run(prog []byte, l Limits, cost int) (v any, est int, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, &Error{Offset: -1, Op: -1, Msg: "gopickle panicked: " + fmt.Sprint(p)}
		}
	}()
	u := getUnpickler(prog)
	obj, err := u.u.Load()
	if err != nil {
		return nil, cost, &Error{Offset: -1, Op: -1, Msg: "gopickle: " + err.Error()}
	}
	c := converter{lim: l, budget: l.MaxAlloc - cost}
	v, err = c.convert(obj, 0)
	putUnpickler(u, prog) // not after a panic or gopickle's error: its state is then unknown
	return v, l.MaxAlloc - c.budget, err
}

// unpickler is a gopickle Unpickler with the reader it reads, kept for the
// next program: gopickle makes its memo map for 384 entries (12 KiB) in
// NewUnpickler, which was half of what the server's 10,000 clients
// allocated, each decoding one short pickle.
//
// A reused unpickler's memo still holds the last program's entries. No
// program reads them: the scanner refuses a GET of an index the same
// pickle has not put, and writes every put as a LONG_BINPUT of its index
// (MEMOIZE would take the memo's length), which replaces an entry. Load
// resets the stack, the meta stack and the protocol; the scanner drops
// FRAME, so gopickle's current frame is never set.
type unpickler struct {
	u gopickle.Unpickler
	r bytes.Reader
}

// maxPooledProg bounds the programs whose unpickler goes back to the pool:
// one no longer cannot put more entries than the memo was made for (each
// takes an opcode, MEMOIZE one byte), so a pooled memo never grows.
const maxPooledProg = 384

var unpicklers = sync.Pool{New: func() any {
	u := new(unpickler)
	u.u = gopickle.NewUnpickler(&u.r)
	return u
}}

func getUnpickler(prog []byte) *unpickler {
	u := unpicklers.Get().(*unpickler)
	u.r.Reset(prog)
	return u
}

func putUnpickler(u *unpickler, prog []byte) {
	if len(prog) <= maxPooledProg {
		u.r.Reset(nil)
		unpicklers.Put(u)
	}
}

// converter copies gopickle's objects into plain values. An object the memo
// shares is copied each time it appears, so the result is a tree and its
// size, which the budget bounds, is what walking it costs.
type converter struct {
	lim    Limits
	budget int
	nan    uint64
	path   []any // the containers being converted, outermost first
	key    []byte
}

func (c *converter) spend(n int) error {
	c.budget -= n
	if c.budget < 0 {
		return &Error{Offset: -1, Op: -1, Err: ErrLimit,
			Msg: "decoded value is larger than Limits.MaxAlloc (" + strconv.Itoa(c.lim.MaxAlloc) +
				" bytes) allows; shared objects count each time they appear"}
	}
	return nil
}

func (c *converter) convert(v any, depth int) (any, error) {
	switch v := v.(type) {
	case nil, bool, float64:
		return v, c.spend(16)
	case int:
		return int64(v), c.spend(16)
	case *big.Int:
		return normInt(v), c.spend(48 + len(v.Bits())*8)
	case string:
		return v, c.spend(16 + len(v))
	case []byte:
		// A copy, so that no two places of the result share a mutable slice.
		return bytes.Clone(v), c.spend(24 + len(v))
	case *types.List:
		if err := c.enter(v, "list", len(*v), depth); err != nil {
			return nil, err
		}
		out, err := c.items(*v, depth)
		return c.leave(out, err)
	case *types.Tuple:
		if err := c.enter(v, "tuple", len(*v), depth); err != nil {
			return nil, err
		}
		out, err := c.items(*v, depth)
		return c.leave(Tuple(out), err)
	case *types.Dict:
		if err := c.enter(v, "dict", len(*v), depth); err != nil {
			return nil, err
		}
		out, err := c.dict(*v, depth)
		return c.leave(out, err)
	}
	return nil, &Error{Offset: -1, Op: -1, Msg: fmt.Sprintf("gopickle produced an unexpected %T", v)}
}

// enter checks a container's length and depth before it is copied.
func (c *converter) enter(p any, what string, n int, depth int) error {
	if n > c.lim.MaxLen {
		return &Error{Offset: -1, Op: -1, Err: ErrLimit,
			Msg: what + " of " + strconv.Itoa(n) + " items exceeds Limits.MaxLen (" + strconv.Itoa(c.lim.MaxLen) + ")"}
	}
	if depth+1 > c.lim.MaxDepth {
		for _, q := range c.path {
			if q == p {
				return &Error{Offset: -1, Op: -1, Err: ErrLimit,
					Msg: what + " contains itself; recursive values are not supported"}
			}
		}
		return &Error{Offset: -1, Op: -1, Err: ErrLimit,
			Msg: "nesting deeper than Limits.MaxDepth (" + strconv.Itoa(c.lim.MaxDepth) + ")"}
	}
	c.path = append(c.path, p)
	return c.spend(24 + 16*n)
}

// leave ends the container that enter began. On an error it returns a plain
// nil, not out: a nil slice in an interface is not nil to the caller.
func (c *converter) leave(out any, err error) (any, error) {
	c.path = c.path[:len(c.path)-1]
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (c *converter) items(in []any, depth int) ([]any, error) {
	out := make([]any, len(in))
	for i, e := range in {
		v, err := c.convert(e, depth+1)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// dict copies a gopickle dict, which appends every SETITEM, into a Dict with
// Python's semantics: a repeated key keeps its first place and takes the
// last value.
func (c *converter) dict(in types.Dict, depth int) (Dict, error) {
	out := make(Dict, 0, len(in))
	var seen map[string]int
	if len(in) > 1 {
		if err := c.spend(16 * len(in)); err != nil {
			return nil, err
		}
		seen = make(map[string]int, len(in))
	}
	for _, e := range in {
		k, err := c.convert(e.Key, depth+1)
		if err != nil {
			return nil, err
		}
		v, err := c.convert(e.Value, depth+1)
		if err != nil {
			return nil, err
		}
		if seen == nil {
			out = append(out, Item{k, v})
			continue
		}
		c.key, err = appendKey(c.key[:0], k, &c.nan)
		if err != nil {
			return nil, &Error{Offset: -1, Op: -1, Msg: "dict key: " + err.Error()}
		}
		if i, ok := seen[string(c.key)]; ok {
			out[i].Value = v
			continue
		}
		if err := c.spend(64 + len(c.key)); err != nil {
			return nil, err
		}
		seen[string(c.key)] = len(out)
		out = append(out, Item{k, v})
	}
	return out, nil
}
