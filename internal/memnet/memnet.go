// Package memnet is an in-memory stand-in for TCP on one host, so that socket
// code — a server that listens and accepts, clients that dial, both sides
// reading and writing streams — runs where there are no sockets (a browser
// page compiled to WebAssembly) and reads exactly like code that would run
// unchanged over real TCP.
//
// A [Network] is one host. Its [Network.Listen] returns a [*Listener] and its
// [Network.Dial] a [*Conn]; they satisfy [net.Listener] and [net.Conn], so the
// programs that use them depend only on the net package's interfaces.
//
//	var n memnet.Network
//	l, _ := n.Listen("tcp", ":2727")
//	c, _ := n.Dial("tcp", "localhost:2727")
//
// # What behaves like TCP
//
//   - A stream has no message boundaries: each direction of a conn is a byte
//     buffer ([Network.BufferSize], 64 KiB by default). Write returns once its
//     bytes are buffered and blocks only while the buffer is full; a Read
//     returns what is buffered, which may be several writes at once or part of
//     one.
//   - A listener has an accept queue ([Network.Backlog], 5 by default, the
//     tutorial's listen(5)). A dial completes as soon as it is queued, before
//     Accept; when the queue is full, Dial waits — as a TCP SYN is retried —
//     until there is room or its context ends.
//   - After the peer closes, reads drain the buffer and then return [io.EOF];
//     writes to a peer that has closed fail with a broken pipe (EPIPE).
//     [Conn.CloseWrite] half-closes. Use after Close returns [net.ErrClosed].
//   - Deadlines fail with [os.ErrDeadlineExceeded]; a deadline in the past
//     fails at once; moving a deadline re-arms or releases blocked calls.
//   - Errors are the net package's: a [*net.OpError] with Op, Net, Source and
//     Addr filled in, wrapping [syscall.ECONNREFUSED] (nobody listens),
//     [syscall.EADDRINUSE] (port taken), [syscall.EPIPE] (broken pipe), a
//     [*net.AddrError] or [*net.DNSError] (bad address), [net.ErrClosed] or
//     [os.ErrDeadlineExceeded]. Code written for TCP needs no new handling.
//
// # Addresses
//
// The network has one host. "localhost", an empty host (":2727"), and every
// loopback or unspecified IP ("127.0.0.1", "0.0.0.0", "[::1]", "[::]") name
// it; addresses are reported as [*net.TCPAddr] with IP 127.0.0.1, whichever
// spelling was used. The networks "tcp", "tcp4" and "tcp6" are accepted and
// are the same network. Other host names fail as an unknown host would
// ([*net.DNSError]); other IPs are unreachable (ENETUNREACH for Dial,
// EADDRNOTAVAIL for Listen). Ports are numeric; port 0 in Listen picks a free
// port, and every dialed conn gets its own ephemeral local port (49152 and
// up), so a server sees distinct remote addresses.
//
// # Observing
//
// [Network.Observer], when set, receives an [Event] for each listen, dial,
// accept, close and each chunk of bytes written or read — the timeline of a
// run. It is called synchronously in the goroutine that acts, so the caller
// can attribute the event to a goroutine, and in an order consistent with what
// the goroutines can see: a write's event comes before any reader can read
// those bytes, a dial's event before its accept. To make that so, the
// observer is called while the network holds an internal lock: it must not
// block and must not call back into the Network. Work that needs no lock —
// such as finding out which goroutine acts — belongs in [Network.Actor],
// which runs before the lock is taken, once per call, and whose result every
// event of that call carries. When no observer is set, nothing is built or
// allocated.
//
// # Latency and bandwidth
//
// By default there is no wire: a Read sees bytes the moment they are
// written. [Network.Latency] and [Network.Bandwidth] put one in each
// direction of each conn, in real time. Write still returns once its bytes
// are buffered; they reach the reader in segments of up to [MSS] bytes,
// sent one after another at the bandwidth and arriving the latency after
// they are sent, and the writer's close arrives after them. Deadlines,
// Close and half-close behave as without them. Bytes in flight stay in the
// buffer, which acts as TCP's window: with a long latency one conn moves at
// most BufferSize bytes per latency. Dial and Accept are not delayed (there
// is no handshake). [Network.InFlight] says whether anything is on its way.
//
// # Differences from TCP
//
//   - One host, no wire of its own: nothing is lost, reordered or
//     duplicated, and nothing is delayed unless the network is given a
//     latency or a bandwidth; there is no Nagle algorithm, no congestion
//     or retransmission, no TIME_WAIT (a port is free again as soon as its
//     socket closes), and no keep-alive.
//   - No RST: closing a conn with unread data discards the data and the peer
//     sees an orderly close (EOF on read, EPIPE on write) rather than
//     "connection reset by peer". Conns still in a listener's accept queue
//     when it closes are closed the same way.
//   - Flow control is per conn and in bytes: a blocked writer resumes once
//     at least half of the receive buffer is free (like TCP's window update,
//     which also waits for a useful amount of room), not at the first byte.
//   - [Conn.CloseRead] makes reads return io.EOF and silently discards what
//     the peer sends afterwards, while the peer's writes succeed. Real stacks
//     differ here (Linux keeps queueing, Windows resets); this is the
//     outcome a program can rely on least, so it is kept simple.
//   - Only what the tutorial's programs need: no UDP, no Unix sockets, no
//     socket options, no File, no ReadFrom/WriteTo fast paths.
package memnet
