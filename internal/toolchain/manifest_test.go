package toolchain

import "testing"

func TestAssetSum(t *testing.T) {
	for name, want := range map[string]string{
		"a/fmt.8757840ba252ea4c.a":         "8757840ba252ea4c",
		"compile.8c2d4e1cdbcb34d2.wasm":    "8c2d4e1cdbcb34d2",
		"s/programs.0123456789abcdef.json": "0123456789abcdef",
		ManifestName:                       "",
		"a/x.8757840ba252ea4.a":            "", // 15 digits
		"a/x.8757840ba252ea4G.a":           "",
	} {
		if got := (Asset{Name: name}).Sum(); got != want {
			t.Errorf("Asset{%q}.Sum() = %q; want %q", name, got, want)
		}
	}
}
