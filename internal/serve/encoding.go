package serve

import (
	"slices"
	"strconv"
	"strings"
)

// coding is a content coding we can send from a precompressed sibling file.
type coding struct {
	name   string // as in Content-Encoding
	suffix string // of the sibling file
}

// codings lists what we can send, best first: on equal q, brotli wins.
var codings = []coding{
	{name: "br", suffix: ".br"},
	{name: "gzip", suffix: ".gz"},
}

// acceptedCodings returns the codings of codings that the Accept-Encoding
// header values allow, the client's most preferred first (RFC 9110, 12.5.3).
// A coding with q=0 is refused, "*" stands for the codings not named, and
// "x-gzip" is gzip.
func acceptedCodings(header []string) []coding {
	q := map[string]float64{}
	wildcard := -1.0
	for _, value := range header {
		for elem := range strings.SplitSeq(value, ",") {
			name, weight, ok := parseElement(elem)
			if !ok {
				continue
			}
			switch name {
			case "*":
				wildcard = weight
			case "x-gzip":
				name = "gzip"
				fallthrough
			default:
				if old, seen := q[name]; !seen || weight > old {
					q[name] = weight
				}
			}
		}
	}
	var out []coding
	weights := map[string]float64{}
	for _, c := range codings {
		w, named := q[c.name]
		if !named {
			w = wildcard
		}
		if w > 0 {
			out = append(out, c)
			weights[c.name] = w
		}
	}
	// Stable, so that equal weights keep our preference order.
	slices.SortStableFunc(out, func(a, b coding) int {
		switch wa, wb := weights[a.name], weights[b.name]; {
		case wa > wb:
			return -1
		case wa < wb:
			return 1
		}
		return 0
	})
	return out
}

// parseElement parses one `coding;q=0.5` element. A malformed weight makes
// the element count as refused rather than guessed at.
func parseElement(elem string) (name string, weight float64, ok bool) {
	name, params, _ := strings.Cut(elem, ";")
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return "", 0, false
	}
	weight = 1
	for param := range strings.SplitSeq(params, ";") {
		key, val, found := strings.Cut(param, "=")
		if !found || !strings.EqualFold(strings.TrimSpace(key), "q") {
			continue
		}
		w, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || w < 0 || w > 1 {
			return name, 0, true
		}
		weight = w
	}
	return name, weight, true
}
