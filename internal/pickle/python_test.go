package pickle

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// needPython returns the path of python3, or skips the test: under js/wasm
// there is no os/exec, and without python3 on PATH there is nothing to run
// (which fails instead when CI=true, so CI cannot skip the cross-check).
func needPython(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("live CPython cross-check skipped: GOOS=" + runtime.GOOS + " cannot run programs (no os/exec)")
	}
	path, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 is not on PATH, and CI=true requires the live CPython cross-check: %v", err)
		}
		t.Skipf("live CPython cross-check skipped: python3 is not on PATH (%v)", err)
	}
	return path
}

// TestPythonCrossCheck runs CPython on the vectors' values, random values
// and values that cross CPython's 64 KiB frames, at every protocol: our bytes
// must equal pickle.dumps of the same value built from fresh objects, must
// load in CPython to an equal value of the same types, and CPython's bytes
// must decode to the value (or, for bytes below protocol 3, be refused).
func TestPythonCrossCheck(t *testing.T) {
	python := needPython(t)
	var values []any
	for i, v := range encodeVectors {
		if i == 0 || v.py != encodeVectors[i-1].py {
			values = append(values, v.value)
		}
	}
	// Around CPython's batches of 1000 and its size thresholds.
	for _, n := range []int{999, 1000, 1001, 2000, 2001} {
		values = append(values, intRange(n), noneDict(n), Tuple{intRange(n)})
	}
	for _, n := range []int{255, 256, 65535, 65536} {
		values = append(values, strings.Repeat("s", n), []byte(strings.Repeat("b", n)))
	}
	r := rand.New(rand.NewPCG(4, 2026))
	for range 200 {
		budget := 120 // values, so that nested long containers stay small
		values = append(values, randValue(r, 0, &budget))
	}
	allProtocols := len(values)
	for range 8 {
		values = append(values, frameValue(r))
	}
	// Frames exist from protocol 4; the long values are checked there only.
	protocols := func(i int) []int {
		if i < allProtocols {
			return []int{0, 1, 2, 3, 4, 5}
		}
		return []int{4, 5}
	}

	type result struct {
		Same          bool
		Theirs, Loads string
	}
	var cases []map[string]any
	ours := make([]map[int][]byte, len(values))
	for i, v := range values {
		ours[i] = map[int][]byte{}
		b64 := map[string]string{}
		for _, p := range protocols(i) {
			b, err := Encode(v, p)
			if err != nil {
				t.Fatalf("Encode(%.100s, %d): %v", Repr(v), p, err)
			}
			ours[i][p] = b
			b64[strconv.Itoa(p)] = base64.StdEncoding.EncodeToString(b)
		}
		cases = append(cases, map[string]any{"value": tagged(v), "ours": b64})
	}
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "testdata/crosscheck.py")
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 testdata/crosscheck.py: %v\n%s", err, stderr.Bytes())
	}
	var results []map[string]result
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(values) {
		t.Fatalf("crosscheck.py gave %d results for %d values: %v", len(results), len(values), err)
	}
	lim := Limits{MaxBytes: 64 << 20, MaxLen: 64 << 20, MaxAlloc: 1 << 30}
	pairs := 0
	for i, v := range values {
		for _, p := range protocols(i) {
			res := results[i][strconv.Itoa(p)]
			theirs := ours[i][p]
			if !res.Same {
				theirs, _ = base64.StdEncoding.DecodeString(res.Theirs)
			}
			name := lazyName{i, v, p}
			if !bytes.Equal(ours[i][p], theirs) {
				t.Errorf("%s: our bytes differ from pickle.dumps: %s", name, firstDiff(ours[i][p], theirs))
			}
			if res.Loads != "ok" {
				t.Errorf("%s: CPython's pickle.loads of our bytes: %s", name, res.Loads)
			}
			got, err := DecodeLimits(theirs, lim)
			if p < 3 && hasBytes(v) {
				if !errors.Is(err, ErrRefused) {
					t.Errorf("%s: decoding CPython's bytes: got %v; want GLOBAL refused", name, err)
				}
			} else if err != nil || !same(got, v) {
				t.Errorf("%s: decoding CPython's bytes: got %.120s, %v", name, Repr(got), err)
			}
			pairs++
		}
	}
	t.Logf("%d (value, protocol) pairs checked against %s", pairs, python)
}

// lazyName names a case in a failure message, computing the Repr only then.
type lazyName struct {
	i int
	v any
	p int
}

func (n lazyName) String() string {
	return fmt.Sprintf("value %d %.120s, protocol %d", n.i, Repr(n.v), n.p)
}

// tagged is v in crosscheck.py's JSON form.
func tagged(v any) any {
	switch v := v.(type) {
	case nil:
		return []any{"N"}
	case bool:
		if v {
			return []any{"T"}
		}
		return []any{"F"}
	case int64:
		return []any{"i", strconv.FormatInt(v, 10)}
	case *big.Int:
		return []any{"i", v.String()}
	case float64:
		return []any{"f", fmt.Sprintf("%016x", math.Float64bits(v))}
	case string:
		return []any{"s", base64.StdEncoding.EncodeToString([]byte(v))}
	case []byte:
		return []any{"b", base64.StdEncoding.EncodeToString(v)}
	case []any:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = tagged(e)
		}
		return []any{"l", l}
	case Tuple:
		l := make([]any, len(v))
		for i, e := range v {
			l[i] = tagged(e)
		}
		return []any{"t", l}
	case Dict:
		l := make([]any, len(v))
		for i, it := range v {
			l[i] = []any{tagged(it.Key), tagged(it.Value)}
		}
		return []any{"d", l}
	}
	panic(fmt.Sprintf("tagged: %T", v))
}

var runeSets = [][]rune{
	[]rune("abcxyz019 _-'\"\\"),
	[]rune("\n\r\t\x00\x1a\x7f"),
	[]rune("éüßÿ\u00a0\u0080"),
	[]rune("€Ωж中文\u2028\ufeff\uffff"),
	[]rune("😀𝄞\U0010ffff"),
}

func randString(r *rand.Rand, n int) string {
	var sb strings.Builder
	for range n {
		set := runeSets[r.IntN(len(runeSets))]
		sb.WriteRune(set[r.IntN(len(set))])
	}
	return sb.String()
}

func randLen(r *rand.Rand) int {
	switch r.IntN(20) {
	case 0:
		return 255 + r.IntN(3)
	case 1:
		return r.IntN(300)
	}
	return r.IntN(6)
}

func randScalar(r *rand.Rand) any {
	switch r.IntN(12) {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return int64(r.IntN(70000)) - 100
	case 3:
		edges := []int64{0, 255, 256, 65535, 65536, math.MaxInt32, math.MinInt32, math.MaxInt32 + 1,
			math.MinInt32 - 1, math.MaxInt64, math.MinInt64, -1, -256}
		return edges[r.IntN(len(edges))]
	case 4:
		return int64(r.Uint64())
	case 5:
		b := new(big.Int).Lsh(big.NewInt(1), uint(64+r.IntN(2100)))
		b.Sub(b, big.NewInt(r.Int64N(3)))
		if r.IntN(2) == 0 {
			b.Neg(b)
		}
		return normInt(b)
	case 6:
		return math.Float64frombits(r.Uint64())
	case 7:
		specials := []float64{0, math.Copysign(0, -1), 1, 0.1, 1e16, 1e15, 1e-5, 1e-4, 123456789.5,
			math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, math.SmallestNonzeroFloat64, 2.5e-7}
		return specials[r.IntN(len(specials))]
	case 8:
		return r.NormFloat64() * math.Pow(10, float64(r.IntN(40)-20))
	case 9, 10:
		if r.IntN(4) == 0 {
			return string(rune(r.IntN(300))) // one character: CPython shares those below U+0100
		}
		return randString(r, randLen(r))
	}
	b := make([]byte, randLen(r))
	for i := range b {
		b[i] = byte(r.IntN(256))
	}
	return b
}

func randKey(r *rand.Rand, depth int) any {
	if depth < 3 && r.IntN(6) == 0 {
		t := make(Tuple, r.IntN(4))
		for i := range t {
			t[i] = randKey(r, depth+1)
		}
		return t
	}
	return randScalar(r)
}

func randValue(r *rand.Rand, depth int, budget *int) any {
	*budget--
	if depth >= 5 || *budget <= 0 || r.IntN(3) == 0 {
		v := randScalar(r)
		if s, ok := v.(string); ok {
			*budget -= len(s) / 32
		}
		return v
	}
	n := randLen(r)
	if r.IntN(40) == 0 {
		n = 998 + r.IntN(5) // around CPython's batch of 1000
	}
	n = min(n, *budget)
	switch r.IntN(3) {
	case 0:
		l := make([]any, n)
		for i := range l {
			l[i] = randValue(r, depth+1, budget)
		}
		return l
	case 1:
		t := make(Tuple, min(n, 7))
		for i := range t {
			t[i] = randValue(r, depth+1, budget)
		}
		return t
	}
	d := Dict{}
	seen := map[string]bool{}
	var nan uint64
	for len(d) < n {
		k := randKey(r, depth+1)
		kb, _ := appendKey(nil, k, &nan)
		if seen[string(kb)] {
			continue
		}
		seen[string(kb)] = true
		d = append(d, Item{k, randValue(r, depth+1, budget)})
	}
	return d
}

// frameValue is a value of about 64 to 200 KiB, so that CPython's frames
// end in many different places: a list of tuples, dicts, strings and bytes
// from a few bytes to past 64 KiB.
func frameValue(r *rand.Rand) any {
	n := 40 + r.IntN(110)
	l := make([]any, n)
	for i := range l {
		size := r.IntN(2000)
		if r.IntN(80) == 0 {
			size = 65530 + r.IntN(12)
		}
		text := strings.Repeat("t", size) + randString(r, r.IntN(4))
		var v any
		switch r.IntN(5) {
		case 0:
			v = []byte(text)
		case 1:
			v = Tuple{text, int64(i)}
		case 2:
			v = Dict{{strconv.Itoa(i), []any{text, nil}}}
		default:
			v = text
		}
		l[i] = v
	}
	return l
}
