package runner

import (
	"net"
	"strconv"

	"github.com/goroutine-playground/playground/internal/memnet"
)

// actor is the in-memory network's [memnet.Network.Actor]: while tracing,
// the name of the calling goroutine. The network calls it before taking its
// locks, so the stack read in goid keeps no other goroutine waiting.
func (r *run) actor() any {
	if !r.tracing.Load() {
		return nil
	}
	return r.whoIs(goid())
}

// observe turns a network event into a run event. The network calls it in
// the goroutine that acted; the in-memory network has already said who that
// is (e.Actor, from actor), and for others observe asks the runtime.
func (r *run) observe(e memnet.Event) {
	tracing := r.tracing.Load()
	ev := Event{Conn: e.Conn}
	switch e.Op {
	case memnet.OpListen:
		ev.Kind = Listen
	case memnet.OpAccept:
		ev.Kind = Accept
	case memnet.OpDial:
		ev.Kind = Dial
	case memnet.OpCloseWrite:
		ev.Kind = CloseWrite
	case memnet.OpClose:
		ev.Kind = Close
	case memnet.OpWrite, memnet.OpRead, memnet.OpWait:
		if !tracing || e.Op == memnet.OpWait && r.states.Load() {
			return // with states, the trace tells who waits where
		}
		switch e.Op {
		case memnet.OpWrite:
			ev.Kind = Send
		case memnet.OpRead:
			ev.Kind = Recv
		default:
			ev.Kind, ev.Text = Wait, e.Wait.String()
		}
		ev.N, ev.Off = len(e.Data), e.Off
		if e.Op != memnet.OpWait {
			ev.Text = string(e.Data[:min(len(e.Data), SendPreview)])
		}
	default:
		return
	}
	if tracing {
		if who, ok := e.Actor.(string); ok {
			ev.Who = who
		} else {
			ev.Who = r.whoIs(goid())
		}
	}
	// Only now, for an event that goes out: most reads, writes and waits
	// do not, and formatting their addresses first was 15 % of the
	// server's 10,000-client run, natively and in wasm alike.
	r.mu.Lock()
	ev.Addr, ev.Peer = r.addrs.text(e.Local), r.addrs.text(e.Remote)
	r.emitLocked(ev)
	r.mu.Unlock()
}

// addrCache keeps the text of the IPv4 addresses of recent network events,
// one per slot, by port: a conn's dial, accept and closes carry the same
// two addresses, and the listener's is in all of them, so most events of
// the server's 10,000-client run format none (formatting was 2 % of its
// CPU time under node). Guarded by run.mu; made on first use.
type addrCache struct {
	slots *[addrSlots]addrSlot
}

const addrSlots = 512

type addrSlot struct {
	ip   [4]byte
	port int
	text string
}

// text is addrString(a), from the cache when it holds a's IP and port.
func (c *addrCache) text(a net.Addr) string {
	t, ok := a.(*net.TCPAddr)
	if !ok || t == nil || t.Zone != "" || t.Port < 0 {
		return addrString(a)
	}
	ip4 := t.IP.To4()
	if ip4 == nil {
		return addrString(a)
	}
	if c.slots == nil {
		c.slots = new([addrSlots]addrSlot)
	}
	s := &c.slots[t.Port%addrSlots]
	if s.text == "" || s.port != t.Port || s.ip != [4]byte(ip4) {
		*s = addrSlot{ip: [4]byte(ip4), port: t.Port, text: addrString(a)}
	}
	return s.text
}

// whoIs returns the name of the run's goroutine with runtime ID id, or ""
// when it is not one the runner started (a plain go statement's).
func (r *run) whoIs(id int64) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if g := r.ids[id]; g != nil {
		return g.name
	}
	return ""
}

// addrString formats a network event's address. An IPv4 TCP address, the
// in-memory network's kind, is formatted here in one allocation:
// net.TCPAddr.String goes through net/netip and was 15 % of the CPU time
// of the server's 10,000-client run, whose every dial, accept and close
// carries two addresses.
func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	if t, ok := a.(*net.TCPAddr); ok && t != nil && t.Zone == "" {
		if ip := t.IP.To4(); ip != nil && t.Port >= 0 {
			b := make([]byte, 0, len("255.255.255.255:65535"))
			for i, x := range ip {
				if i > 0 {
					b = append(b, '.')
				}
				b = strconv.AppendUint(b, uint64(x), 10)
			}
			b = append(b, ':')
			b = strconv.AppendInt(b, int64(t.Port), 10)
			return string(b)
		}
	}
	return a.String()
}
