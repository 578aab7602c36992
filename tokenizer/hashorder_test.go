package tokenizer

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The expectations were printed by a C++ program built with g++ 12 against
// libstdc++.so.6 (the library llama.cpp runs with here).
func TestHashOrder(t *testing.T) {
	if got := stdHash("hello"); got != 2762169579135187400 {
		t.Errorf("stdHash(hello) = %d", got)
	}
	words := []string{"a", "b", "c", "hello", "<|endoftext|>", "<|im_end|>", "x", "y", "z", "w", "q", "r", "s", "t", "u", "v", "ab", "cd"}
	want := []int32{17, 16, 14, 0, 2, 13, 3, 1, 5, 7, 11, 15, 12, 6, 8, 9, 4, 10}
	if got := hashOrder(words); !slices.Equal(got, want) {
		t.Errorf("hashOrder = %v\n want %v", got, want)
	}
}

func TestHashOrder5000(t *testing.T) {
	// for (i < 5000) m["tok" + to_string(i*7919 % 10007) + string(i%13, 'x')] = i;
	// printed in iteration order by the same C++ build (orders 5000 ids
	// through a dozen rehashes); the first and last ten are kept here.
	var words []string
	for i := range 5000 {
		words = append(words, "tok"+strconv.Itoa(i*7919%10007)+strings.Repeat("x", i%13))
	}
	got := hashOrder(words)
	if !slices.Equal(got[:10], wantOrderHead) || !slices.Equal(got[len(got)-10:], wantOrderTail) {
		t.Errorf("order head %v tail %v", got[:10], got[len(got)-10:])
	}
}

var (
	wantOrderHead = []int32{4990, 4989, 4985, 4984, 4979, 4976, 4975, 4972, 4970, 4967}
	wantOrderTail = []int32{2347, 2348, 2351, 3957, 2353, 4840, 126, 2354, 1021, 2355}
)
