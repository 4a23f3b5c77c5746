package memnet_test

import (
	"bufio"
	"fmt"
	"io"
	"net"

	"github.com/goroutine-playground/playground/internal/memnet"
)

// The tutorial's exchange: a server greets each client and prints what it
// sends until the client closes; the client reads the greeting, sends three
// lines and closes. Only the network differs from socket code.
func Example() {
	var n memnet.Network
	defer n.Close()
	l, err := n.Listen("tcp", ":2727")
	if err != nil {
		fmt.Println(err)
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c, err := l.Accept()
		if err != nil {
			fmt.Println(err)
			return
		}
		defer c.Close()
		host, _, _ := net.SplitHostPort(c.RemoteAddr().String())
		fmt.Println("Received connection:", host)
		c.Write([]byte("hello"))
		lines := bufio.NewScanner(c)
		for lines.Scan() {
			fmt.Println(lines.Text())
		}
		fmt.Println("Closed connection:", host)
	}()

	c, err := n.Dial("tcp", "localhost:2727")
	if err != nil {
		fmt.Println(err)
		return
	}
	greeting := make([]byte, 5)
	io.ReadFull(c, greeting)
	for x := range 3 {
		fmt.Fprintf(c, "Hey. %d\n", x)
	}
	c.Close()
	<-done

	_, err = n.Dial("tcp", "localhost:2728")
	fmt.Println(err)
	// Output:
	// Received connection: 127.0.0.1
	// Hey. 0
	// Hey. 1
	// Hey. 2
	// Closed connection: 127.0.0.1
	// dial tcp 127.0.0.1:2728: connect: connection refused
}
