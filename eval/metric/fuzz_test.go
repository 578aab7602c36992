package metric

import (
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzTextMetrics checks that no input makes the string metrics panic and
// that every score stays in its range.
func FuzzTextMetrics(f *testing.F) {
	for _, s := range [][2]string{
		{"東京タワー", "東京 タワー"}, {"", ""}, {"\n\n", "a"}, {"ｶﾞｲﾄﾞ  ﾊﾟ", "İ½×"},
		{"The cat, an owl.", "cat owl"}, {"\xff\xfe", "a\x00b"}, {"ーー〜〜‐‐  　", " "},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		in01 := func(name string, v float64) {
			if math.IsNaN(v) || v < 0 || v > 1 {
				t.Fatalf("%s(%q, %q) = %v", name, a, b, v)
			}
		}
		in01("CharF1", CharF1(a, b))
		in01("ExactMatch", ExactMatch(a, b))
		in01("SetF1", SetF1(a, b))
		in01("SquadExact", SquadExact(a, []string{b}))
		in01("SquadF1", SquadF1(a, []string{b, a}))
		if r := TokenSortRatio(a, b); r != TokenSortRatio(b, a) {
			t.Fatalf("TokenSortRatio not symmetric on %q, %q", a, b)
		}
		n := Neologdn(a)
		if utf8.ValidString(a) && !utf8.ValidString(n) {
			t.Fatalf("Neologdn(%q) = %q is not valid UTF-8", a, n)
		}
		if bl, err := CorpusBLEU([]string{a}, []string{b}); err != nil || bl.Score < 0 || bl.Score > 100+1e-9 {
			t.Fatalf("BLEU(%q, %q) = %+v, %v", a, b, bl, err)
		}
	})
}
