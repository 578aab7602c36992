package eval

import (
	"strings"
	"testing"
)

// FuzzParsers feeds arbitrary text to the CSV parser, the XWinograd row
// rebuilder and the answer extractors: none may panic, and the CSV parser
// must keep every byte of unquoted single-field input.
func FuzzParsers(f *testing.F) {
	f.Add("a,\"b\r\nc\",d\r\n")
	f.Add("en\toriginal\t?\tThey left.\t[\"They\", \"left\", \".\"]\t[\"They\", [0, 1], [\"They\"]]\t[[\"A\", [0, 1], [\"A\"], true], [\"B\", [1, 2], [\"B\"], false]]")
	f.Add("So the answer is (A).\n#### 1,000.")
	f.Fuzz(func(t *testing.T, s string) {
		recs := pyCSV(s)
		if !strings.ContainsAny(s, ",\"\r\n") && s != "" && (len(recs) != 1 || recs[0][0] != s) {
			t.Fatalf("pyCSV(%q) = %q", s, recs)
		}
		_, _ = xwinoFromTSV(strings.Split(s, "\t"))
		BBHAnswer(s)
		GSM8KStrict(s)
		MGSMAnswer(s)
		LLMJPPrediction(s)
		TriviaQAMatch(s, []string{s})
		CutAtStops(s, []string{"\n", s})
	})
}
