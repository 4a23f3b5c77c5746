package runner

import (
	"time"

	"github.com/goroutine-playground/playground/internal/memnet"
)

// The knobs of a networked program's in-memory network. They are scaled
// like sleeps: at time scale 10, a latency of 100 ms takes 10 ms and a
// bandwidth of 100 KB/s carries 1,000 KB/s, so the network keeps its
// proportions to everything else that runs faster. Over real TCP (Config.TCP)
// they do not apply.
var (
	// Latency is how long, in milliseconds, each write's bytes take to
	// reach the other end of a connection (memnet.Network.Latency).
	Latency = Knob{Name: "latency", Help: "ms a write's bytes take to reach the other end (scaled)",
		Default: 0, Min: 0, Max: 10000}
	// Bandwidth is how many kilobytes (1,000 bytes) a second each
	// direction of each connection carries (memnet.Network.Bandwidth);
	// 0 is unlimited.
	Bandwidth = Knob{Name: "bandwidth", Help: "KB/s each way per connection, 0 = unlimited (scaled)",
		Default: 0, Min: 0, Max: 1000000}
)

// shaping returns the network's latency and bandwidth (bytes a second)
// for the knob values, at time scale scale.
func shaping(values Values, scale int) (time.Duration, int64) {
	latency := time.Duration(values[Latency.Name]) * time.Millisecond / time.Duration(scale)
	bandwidth := int64(values[Bandwidth.Name]) * 1000 * int64(scale)
	return latency, bandwidth
}

// newNetwork makes the run's network: the host's TCP stack, or an
// in-memory network with the latency and bandwidth of the knobs.
func (r *run) newNetwork(tcp bool, values Values) closeNetwork {
	latency, bandwidth := shaping(values, r.scale)
	if tcp {
		if latency > 0 || bandwidth > 0 {
			r.note("latency and bandwidth shape the in-memory network only: over TCP the host's own apply")
		}
		return newTCP(r.observe)
	}
	return &memnet.Network{Observer: r.observe, Actor: r.actor, Latency: latency, Bandwidth: bandwidth}
}

// inFlight reports whether the in-memory network still carries bytes that
// a reader will get: goroutines waiting for them are not deadlocked.
func (r *run) inFlight() bool {
	f, ok := r.net.(interface{ InFlight() bool })
	return ok && f.InFlight()
}
