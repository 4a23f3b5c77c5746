package pickle_test

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/goroutine-playground/playground/internal/pickle"
)

// The tutorial's server sends pickle.dumps([1, 2, 7, 9, 0]), which in Python 2
// is protocol 0.
func ExampleEncode() {
	b, err := pickle.Encode([]any{1, 2, 7, 9, 0}, 0)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%q\n", b)
	// Output: "(lp0\nI1\naI2\naI7\naI9\naI0\na."
}

func ExampleDecode() {
	v, err := pickle.Decode([]byte("\x80\x02]q\x00(K\x01K\x02K\x07K\tK\x00e."))
	if err != nil {
		panic(err)
	}
	fmt.Println(pickle.Repr(v))
	// Output: [1, 2, 7, 9, 0]
}

func ExampleRepr() {
	fmt.Println(pickle.Repr(pickle.Dict{
		{Key: "name", Value: "Thread-1"},
		{Key: pickle.Tuple{int64(1)}, Value: []any{1.5, nil, true, []byte("ok")}},
	}))
	// Output: {'name': 'Thread-1', (1,): [1.5, None, True, b'ok']}
}

// A stream has no message boundaries; a Decoder reads one pickle at a time.
func ExampleDecoder() {
	var conn bytes.Buffer
	enc := pickle.NewEncoder(&conn, 2)
	_ = enc.Encode([]any{1, 2, 7, 9, 0})
	_ = enc.Encode("Thread-1 done")
	conn.WriteString("rest")

	dec := pickle.NewDecoder(&conn)
	for range 2 {
		v, err := dec.Decode()
		fmt.Println(pickle.Repr(v), err)
	}
	fmt.Printf("left unread: %q\n", conn.String())
	// Output:
	// [1, 2, 7, 9, 0] <nil>
	// 'Thread-1 done' <nil>
	// left unread: "rest"
}

// A pickle that would run code is refused before anything of it runs.
func ExampleDecode_refused() {
	_, err := pickle.Decode([]byte("cos\nsystem\n(S'echo pwned'\ntR."))
	fmt.Println(err)
	fmt.Println(errors.Is(err, pickle.ErrRefused))
	// Output:
	// pickle: opcode GLOBAL (0x63) at offset 0 refused: it looks up a Python class or function by name (os.system)
	// true
}
