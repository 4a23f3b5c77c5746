package examples

import (
	"os"
	"strings"
	"testing"
)

func TestSmoke(t *testing.T) {
	set := map[string]string{}
	for _, kv := range strings.Fields(os.Getenv("SMOKE_SET")) {
		k, v, _ := strings.Cut(kv, "=")
		set[k] = v
	}
	for _, e := range All() {
		if n := os.Getenv("SMOKE"); n != "" && n != e.Name {
			continue
		}
		t.Run(e.Name, func(t *testing.T) {
			res, rec := run(t, t.Context(), e.Name, set)
			t.Logf("%v %v\n%s", res.Status, res.Err, dump(rec))
		})
	}
}
