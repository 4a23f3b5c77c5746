package memnet

import (
	"net"
	"strconv"
)

// Op says what an [Event] reports.
type Op uint8

// The operations an [Event] reports.
const (
	OpListen     Op = iota + 1 // a listener opened (Local = its address)
	OpAccept                   // a conn was accepted (the acceptor's end: Local = server addr, Remote = client addr)
	OpDial                     // a conn was dialed and established (the dialer's end)
	OpWrite                    // Data (len N) entered the peer's receive buffer at stream offset Off
	OpRead                     // Data was read from this end's receive buffer at stream offset Off
	OpCloseWrite               // this end half-closed
	OpClose                    // this end closed (Conn != 0) or a listener closed (Conn == 0)
	OpWait                     // the caller is about to block; Wait says in which call (OpAccept, OpRead, OpWrite, OpDial)
)

var opNames = [...]string{
	OpListen:     "listen",
	OpAccept:     "accept",
	OpDial:       "dial",
	OpWrite:      "write",
	OpRead:       "read",
	OpCloseWrite: "closewrite",
	OpClose:      "close",
	OpWait:       "wait",
}

// String returns the operation's lower-case name, such as "write", or "op(N)"
// for a value that is not one of the constants.
func (o Op) String() string {
	if int(o) < len(opNames) && opNames[o] != "" {
		return opNames[o]
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

// Event is what [Network.Observer] sees: one step in the life of a listener
// or a conn, reported by the goroutine that took it.
//
// For listener events (OpListen, OpClose of a listener, OpWait in Accept)
// Conn is 0, Local is the listener's address and Remote is nil. For OpWait in
// Dial, Conn is 0 (the conn does not exist yet), Dialer is true, Local is nil
// and Remote is the address being dialed.
//
// A Write that blocks partway reports one OpWrite per chunk it buffered, with
// OpWait between them; the Off values of a direction's OpWrite (and of its
// OpRead) events tile its stream without gaps. Closes made by
// [Network.Close] or [Listener.Close] (of conns still in its accept queue)
// are reported by the goroutine that called that Close.
type Event struct {
	Op     Op
	Wait   Op       // for OpWait: the call that blocks (OpAccept, OpRead, OpWrite or OpDial)
	Conn   uint64   // the conn's ID ([Conn.ID]); 0 for listener events
	Dialer bool     // the acting end is the dialing (client) end
	Local  net.Addr // the acting end's address
	Remote net.Addr // the peer's address (nil for listener events)
	Off    int64    // OpRead/OpWrite: offset of Data[0] in this direction's byte stream (from 0)
	Data   []byte   // OpRead/OpWrite: the bytes moved; only valid during the callback — copy to keep
	Actor  any      // what [Network.Actor] returned in the acting goroutine; nil without one
}
