package tokenizer

import (
	"encoding/binary"
	"math"
	"sort"
)

// llama.cpp picks some special tokens (EOT, FIM) by walking its
// std::unordered_map<std::string, llama_token> and taking the first token
// whose text is a candidate. When a vocabulary holds several candidates
// (Qwen and SmolLM have both <|endoftext|> and <|im_end|>), the winner is
// decided by libstdc++'s iteration order. hashOrder reproduces that order:
// libstdc++'s string hash (_Hash_bytes, seed 0xc70f6907), its prime rehash
// policy (max load factor 1, growth factor 2) and its insertion and rehash
// rules, for tokens inserted in id order as llama.cpp does.

// primeList is the start of libstdc++'s std::__detail::__prime_list (64-bit),
// read from libstdc++.so.6, up to the first prime above 2^27.
var primeList = [...]uint64{2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 103, 109, 113, 127, 137, 139, 149, 157, 167, 179, 193, 199, 211, 227, 241, 257, 277, 293, 313, 337, 359, 383, 409, 439, 467, 503, 541, 577, 619, 661, 709, 761, 823, 887, 953, 1031, 1109, 1193, 1289, 1381, 1493, 1613, 1741, 1879, 2029, 2179, 2357, 2549, 2753, 2971, 3209, 3469, 3739, 4027, 4349, 4703, 5087, 5503, 5953, 6427, 6949, 7517, 8123, 8783, 9497, 10273, 11113, 12011, 12983, 14033, 15173, 16411, 17749, 19183, 20753, 22447, 24281, 26267, 28411, 30727, 33223, 35933, 38873, 42043, 45481, 49201, 53201, 57557, 62233, 67307, 72817, 78779, 85229, 92203, 99733, 107897, 116731, 126271, 136607, 147793, 159871, 172933, 187091, 202409, 218971, 236897, 256279, 277261, 299951, 324503, 351061, 379787, 410857, 444487, 480881, 520241, 562841, 608903, 658753, 712697, 771049, 834181, 902483, 976369, 1056323, 1142821, 1236397, 1337629, 1447153, 1565659, 1693859, 1832561, 1982627, 2144977, 2320627, 2510653, 2716249, 2938679, 3179303, 3439651, 3721303, 4026031, 4355707, 4712381, 5098259, 5515729, 5967347, 6456007, 6984629, 7556579, 8175383, 8844859, 9569143, 10352717, 11200489, 12117689, 13109983, 14183539, 15345007, 16601593, 17961079, 19431899, 21023161, 22744717, 24607243, 26622317, 28802401, 31160981, 33712729, 36473443, 39460231, 42691603, 46187573, 49969847, 54061849, 58488943, 63278561, 68460391, 74066549, 80131819, 86693767, 93793069, 101473717, 109783337, 118773397, 128499677, 139022417}

// fastBuckets is libstdc++'s __fast_bkt table for small bucket requests.
var fastBuckets = [...]uint64{2, 2, 2, 3, 5, 5, 7, 7, 11, 11, 11, 11, 13, 13}

// stdHash is libstdc++'s std::hash<std::string> on 64-bit targets.
func stdHash(s string) uint64 {
	const mul = 0xc6a4a7935bd1e995
	shiftMix := func(v uint64) uint64 { return v ^ v>>47 }
	n := len(s)
	h := uint64(0xc70f6907) ^ uint64(n)*mul
	aligned := n &^ 7
	for p := 0; p < aligned; p += 8 {
		d := shiftMix(binary.LittleEndian.Uint64([]byte(s[p:p+8]))*mul) * mul
		h ^= d
		h *= mul
	}
	if n&7 != 0 {
		var d uint64
		for i := n - 1; i >= aligned; i-- {
			d = d<<8 + uint64(s[i])
		}
		h ^= d
		h *= mul
	}
	h = shiftMix(h) * mul
	return shiftMix(h)
}

// rehashPolicy is libstdc++'s _Prime_rehash_policy with max load factor 1.
type rehashPolicy struct{ nextResize uint64 }

func (p *rehashPolicy) nextBucket(n uint64) uint64 {
	if n < uint64(len(fastBuckets)) {
		if n == 0 {
			return 1
		}
		p.nextResize = fastBuckets[n]
		return fastBuckets[n]
	}
	i := 6 + sort.Search(len(primeList)-7, func(i int) bool { return primeList[6+i] >= n })
	if i >= len(primeList)-1 {
		p.nextResize = math.MaxUint64
		return primeList[len(primeList)-1]
	}
	p.nextResize = primeList[i]
	return primeList[i]
}

func (p *rehashPolicy) needRehash(buckets, elements, inserts uint64) (bool, uint64) {
	if elements+inserts <= p.nextResize {
		return false, 0
	}
	minBuckets := elements + inserts
	if p.nextResize == 0 {
		minBuckets = max(minBuckets, 11)
	}
	if minBuckets >= buckets {
		return true, p.nextBucket(max(minBuckets+1, buckets*2))
	}
	p.nextResize = buckets
	return false, 0
}

// hashOrder returns the token ids in the order a libstdc++
// std::unordered_map filled with tokens[i] -> i (in id order) iterates them.
func hashOrder(tokens []string) []int32 {
	const none = -1
	const beforeBegin = -2
	n := len(tokens)
	code := make([]uint64, n)
	next := make([]int32, n)
	head := int32(none)
	var pol rehashPolicy
	nb := uint64(1)
	buckets := []int32{none} // node before the bucket's first node
	bucketOf := func(id int32) uint64 { return code[id] % nb }
	setNext := func(before, id int32) { // before.next = id
		if before == beforeBegin {
			head = id
		} else {
			next[before] = id
		}
	}
	getNext := func(before int32) int32 {
		if before == beforeBegin {
			return head
		}
		return next[before]
	}
	for i := range n {
		id := int32(i)
		code[id] = stdHash(tokens[i])
		if ok, count := pol.needRehash(nb, uint64(i), 1); ok {
			nbk := make([]int32, count)
			for k := range nbk {
				nbk[k] = none
			}
			p := head
			head = none
			bbeginBkt := uint64(0)
			for p != none {
				nx := next[p]
				b := code[p] % count
				if nbk[b] == none {
					next[p] = head
					head = p
					nbk[b] = beforeBegin
					if next[p] != none {
						nbk[bbeginBkt] = p
					}
					bbeginBkt = b
				} else {
					next[p] = getNextIn(nbk[b], head, next)
					if nbk[b] == beforeBegin {
						head = p
					} else {
						next[nbk[b]] = p
					}
				}
				p = nx
			}
			nb, buckets = count, nbk
		}
		b := bucketOf(id)
		if buckets[b] != none {
			next[id] = getNext(buckets[b])
			setNext(buckets[b], id)
		} else {
			next[id] = head
			head = id
			if next[id] != none {
				buckets[bucketOf(next[id])] = id
			}
			buckets[b] = beforeBegin
		}
	}
	order := make([]int32, 0, n)
	for p := head; p != none; p = next[p] {
		order = append(order, p)
	}
	return order
}

func getNextIn(before, head int32, next []int32) int32 {
	if before == -2 {
		return head
	}
	return next[before]
}
