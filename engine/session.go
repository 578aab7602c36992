package engine

import (
	"context"
	"fmt"
	"math"
	"slices"

	"hyoka/kernels"
)

// SessionOptions size a session. Zero values take the defaults below.
type SessionOptions struct {
	// Context is the number of positions a sequence may use (positions are
	// 0..Context-1). Default: the model's training context, capped so that
	// the cache fits MaxCacheBytes.
	Context int
	// Cells is the number of KV-cache slots shared by all sequences.
	// Default: Parallel*Context, capped so that the cache fits
	// MaxCacheBytes, and at least Context.
	Cells int
	// Parallel is the number of full contexts the default Cells should
	// hold at once, for sessions that run many sequences together (an
	// evaluation's continuous batching). Default 1.
	Parallel int
	// MaxSeqs is the number of sequence ids (0..MaxSeqs-1), at most 64. Default 16.
	MaxSeqs int
	// BatchSize is the number of tokens run through the model together;
	// longer Decode batches are split. Default 256; 512 with LlamaCpp
	// numerics, llama.cpp's default ubatch (n_ubatch), since there the
	// split changes the logits.
	BatchSize int
	// MaxOutputs is the number of logits rows one Decode may return.
	// Default: 1024, capped so the logits buffer stays under 256 MiB.
	MaxOutputs int
	// Threads for the worker pool; <= 0: all CPUs.
	Threads int
	// MaxCacheBytes caps the default Context and Cells (not explicit
	// ones). Default 2 GiB.
	MaxCacheBytes int64
}

// Token is one entry of a Decode batch.
type Token struct {
	ID  int32
	Pos int   // position in its sequences, 0-based
	Seq []int // sequences the token belongs to (usually one); attention uses Seq[0]'s history
	// Logits asks for the next-token logits after this token.
	Logits bool
}

// Session runs a model over a KV cache holding several sequences. It is
// not safe for concurrent use; use one session per goroutine.
type Session struct {
	m    *Model
	cfg  *Config
	opt  SessionOptions
	kv   *kvCache
	pool *kernels.Pool

	// activations for one chunk of up to BatchSize tokens (B)
	x, xb, xb2 []float32 // (B, NEmbd) residual stream, normed input, block output
	q          []float32 // (B, NHead*HeadDim)
	k          []float32 // (B, NHeadKV*HeadDim)
	v          []float32 // (B, NHeadKV*HeadDimV)
	att        []float32 // (B, NHead*HeadDimV) attention output before Wo
	hb, hb2    []float32 // (B, NFF) gate and up projections
	csG, csL   []float32 // (B, Rope.Dims) cos/sin of each token for global / sliding layers
	cellOf     []int     // (B) cache cell of each token of the chunk
	posOf      []int     // (B)
	seqOf      []int     // (B) first sequence of each token
	outHidden  []float32 // (B, NEmbd) final hidden states of the tokens that want logits
	logits     []float32 // (MaxOutputs, NVocab)
	outRow     []int     // (len of last batch) logits row of each batch entry, -1 none
	scores     [][]float32
	scoreCell  [][]int32 // per worker (Context)

	// the layer the attention workers are on
	curLayer, curN int
	// LlamaCpp numerics: the attention's scores / weighted sums run as
	// ggml_vec_dot_f16 (llama.cpp's kernel where tinyBLAS declines: one
	// token, or a head length it does not take)
	curVecScores, curVecSum bool
	attnFn                  func(lo, hi int)
	// perHeadAttn turns off the grouped exact attention (tests compare the
	// two paths' logits bit for bit)
	perHeadAttn bool
	// attnSets is each worker's grouped-attention scratch; attnTune, when
	// set, replaces attnSetTokens, attnBlockPos and attnChunk (tests and
	// benchmarks)
	attnSets []attnSet
	attnTune [3]int
}

// NewSession allocates a session's cache and buffers.
func (m *Model) NewSession(opt SessionOptions) (*Session, error) {
	c := &m.Config
	if opt.MaxCacheBytes <= 0 {
		opt.MaxCacheBytes = 2 << 30
	}
	if opt.MaxSeqs <= 0 {
		opt.MaxSeqs = 16
	}
	if opt.MaxSeqs > 64 {
		return nil, fmt.Errorf("engine: MaxSeqs %d > 64", opt.MaxSeqs)
	}
	if opt.Context <= 0 {
		opt.Context = c.NCtxTrain
		if lim := int(opt.MaxCacheBytes / c.KVBytesPerToken()); opt.Context > lim {
			opt.Context = max(lim, 1)
		}
	}
	if opt.Cells <= 0 {
		opt.Cells = opt.Context
		if opt.Parallel > 1 {
			lim := int(opt.MaxCacheBytes / c.KVBytesPerToken())
			opt.Cells = max(opt.Context, min(opt.Parallel*opt.Context, lim))
		}
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 256
		if m.num == LlamaCpp {
			opt.BatchSize = 512
		}
	}
	if opt.MaxOutputs <= 0 {
		opt.MaxOutputs = min(1024, max(1, (256<<20)/(4*c.NVocab)))
	}
	s := &Session{m: m, cfg: c, opt: opt}
	s.kv = newKVCache(c, opt.Cells, opt.Context, opt.MaxSeqs)
	s.pool = kernels.NewPool(opt.Threads)
	B := opt.BatchSize
	s.x = make([]float32, B*c.NEmbd)
	s.xb = make([]float32, B*c.NEmbd)
	s.xb2 = make([]float32, B*c.NEmbd)
	s.q = make([]float32, B*c.NHead*c.HeadDim)
	s.k = make([]float32, B*c.NHeadKV*c.HeadDim)
	s.v = make([]float32, B*c.NHeadKV*c.HeadDimV)
	s.att = make([]float32, B*c.NHead*c.HeadDimV)
	s.hb = make([]float32, B*c.NFF)
	s.hb2 = make([]float32, B*c.NFF)
	s.csG = make([]float32, B*c.Rope.Dims)
	s.csL = make([]float32, B*c.RopeSWA.Dims)
	s.cellOf = make([]int, B)
	s.posOf = make([]int, B)
	s.seqOf = make([]int, B)
	s.outHidden = make([]float32, B*c.NEmbd)
	s.logits = make([]float32, opt.MaxOutputs*c.NVocab)
	T := s.pool.Threads()
	s.scores = make([][]float32, T)
	s.scoreCell = make([][]int32, T)
	for i := range T {
		// one head's scores (attentionHeads; grouped attention has attnSets)
		s.scores[i] = make([]float32, opt.Context)
		s.scoreCell[i] = make([]int32, opt.Context)
	}
	s.attnSets = make([]attnSet, T)
	s.attnFn = s.attentionWorker
	return s, nil
}

// Close stops the session's workers and releases its KV cache; the session
// must not be used after.
func (s *Session) Close() {
	s.pool.Close()
	s.kv.release()
}

// Model returns the session's model.
func (s *Session) Model() *Model { return s.m }

// Options returns the options with defaults filled in.
func (s *Session) Options() SessionOptions { return s.opt }

// CacheBytes is the memory the KV cache takes.
func (s *Session) CacheBytes() int64 { return s.kv.bytes() }

// SeqLen returns 1 + the highest position sequence seq holds (0 if empty).
func (s *Session) SeqLen(seq int) int {
	if s.kv.checkSeq(seq) != nil {
		return 0
	}
	return s.kv.length(seq)
}

// Truncate drops the positions >= from of sequence seq (Truncate(seq, 0)
// empties it). Cells no other sequence shares are freed.
func (s *Session) Truncate(seq, from int) error {
	if err := s.kv.checkSeq(seq); err != nil {
		return err
	}
	s.kv.truncate(seq, from)
	return nil
}

// Fork makes dst a copy of src's positions below upto (all of them when
// upto < 0) that shares src's cache cells; dst's previous content is dropped.
// Later tokens of either sequence are private to it.
func (s *Session) Fork(src, dst, upto int) error {
	if err := s.kv.checkSeq(src); err != nil {
		return err
	}
	if err := s.kv.checkSeq(dst); err != nil {
		return err
	}
	if upto < 0 {
		upto = s.kv.nCtx
	}
	s.kv.fork(src, dst, upto)
	return nil
}

// SeqTokens appends to dst the token ids sequence seq holds at positions
// 0, 1, 2, ... (stopping at the first gap).
func (s *Session) SeqTokens(seq int, dst []int32) []int32 {
	if s.kv.checkSeq(seq) != nil {
		return dst
	}
	return s.kv.tokens(seq, dst)
}

// FreeCells is the number of unused KV cells.
func (s *Session) FreeCells() int { return s.kv.nFree }

// Logits returns the logits (NVocab) computed for entry i of the last
// Decode batch, or nil if that entry did not ask for them. The slice is
// overwritten by the next Decode.
func (s *Session) Logits(i int) []float32 {
	if i < 0 || i >= len(s.outRow) || s.outRow[i] < 0 {
		return nil
	}
	n := s.cfg.NVocab
	r := s.outRow[i]
	return s.logits[r*n : (r+1)*n : (r+1)*n]
}

// validate checks the whole batch before anything changes.
func (s *Session) validate(batch []Token) error {
	kv := s.kv
	nOut := 0
	var err error
	marked := 0
	for i, t := range batch {
		if t.ID < 0 || int(t.ID) >= s.cfg.NVocab {
			err = fmt.Errorf("%w: entry %d: token %d out of range [0, %d)", ErrBadBatch, i, t.ID, s.cfg.NVocab)
			break
		}
		if len(t.Seq) == 0 {
			err = fmt.Errorf("%w: entry %d has no sequence", ErrBadBatch, i)
			break
		}
		if t.Pos < 0 || t.Pos >= kv.nCtx {
			err = fmt.Errorf("%w: entry %d: position %d outside the context of %d tokens", ErrContextFull, i, t.Pos, kv.nCtx)
			break
		}
		for _, sq := range t.Seq {
			if err = kv.checkSeq(sq); err != nil {
				break
			}
			if kv.pos2cell[sq][t.Pos] != -1 {
				err = fmt.Errorf("%w: entry %d: sequence %d already has position %d", ErrBadBatch, i, sq, t.Pos)
				break
			}
			kv.pos2cell[sq][t.Pos] = -2
		}
		marked = i + 1
		if err != nil {
			break
		}
		if t.Logits {
			nOut++
		}
	}
	for _, t := range batch[:marked] {
		for _, sq := range t.Seq {
			if sq >= 0 && sq < kv.maxSeqs && t.Pos >= 0 && t.Pos < kv.nCtx && kv.pos2cell[sq][t.Pos] == -2 {
				kv.pos2cell[sq][t.Pos] = -1
			}
		}
	}
	if err != nil {
		return err
	}
	if nOut > s.opt.MaxOutputs {
		return fmt.Errorf("%w: %d logits rows asked, the session allows %d", ErrBadBatch, nOut, s.opt.MaxOutputs)
	}
	if len(batch) > kv.nFree {
		return fmt.Errorf("%w: %d tokens but only %d free cache cells", ErrContextFull, len(batch), kv.nFree)
	}
	return nil
}

// Decode runs the batch through the model: each token's keys and values are
// added to the cache of its sequences, and the logits of the entries with
// Logits set become available through Logits(i). A token attends to the
// cached positions <= its own of its first sequence (tokens earlier in the
// batch included). The logits of a token depend only on its sequence's
// tokens and positions: never on the batch composition, the thread count
// or which cells are shared. (With LlamaCpp numerics they do depend on
// the batch, as llama.cpp's do: see LlamaCpp.)
//
// On error nothing has changed, except on cancellation, which may leave
// part of the batch in the cache (Truncate to recover).
func (s *Session) Decode(ctx context.Context, batch []Token) error {
	if err := s.validate(batch); err != nil {
		return err
	}
	if cap(s.outRow) < len(batch) {
		s.outRow = make([]int, len(batch))
	}
	s.outRow = s.outRow[:len(batch)]
	nOut := 0
	for i, t := range batch {
		s.outRow[i] = -1
		if t.Logits {
			s.outRow[i] = nOut
			nOut++
		}
	}
	B := s.opt.BatchSize
	for lo := 0; lo < len(batch); lo += B {
		if err := ctx.Err(); err != nil {
			return err
		}
		s.forward(batch[lo:min(lo+B, len(batch))], s.outRow[lo:])
	}
	return nil
}

// forward runs one chunk of at most BatchSize tokens.
func (s *Session) forward(chunk []Token, outRow []int) {
	c, w, kv := s.cfg, &s.m.Weights, s.kv
	n, dim := len(chunk), c.NEmbd
	lc := s.m.num == LlamaCpp
	compacted := false // LlamaCpp: the last layer kept only the tokens that want logits
	qd, kd, vd := c.NHead*c.HeadDim, c.NHeadKV*c.HeadDim, c.NHeadKV*c.HeadDimV

	// token embeddings, cache cells, rotary angles
	for i, t := range chunk {
		xi := s.x[i*dim : (i+1)*dim]
		w.TokenEmbd.Row(int(t.ID), xi)
		if c.EmbedScale != 1 {
			kernels.Scale(xi, c.EmbedScale)
		}
		var mask uint64
		for _, sq := range t.Seq {
			mask |= 1 << uint(sq)
		}
		s.cellOf[i] = kv.alloc(t.ID, t.Pos, mask)
		s.posOf[i] = t.Pos
		s.seqOf[i] = t.Seq[0]
		ropeAngles(&c.Rope, t.Pos, s.csG[i*c.Rope.Dims:(i+1)*c.Rope.Dims])
		ropeAngles(&c.RopeSWA, t.Pos, s.csL[i*c.RopeSWA.Dims:(i+1)*c.RopeSWA.Dims])
	}

	for il := range w.Layers {
		L := &w.Layers[il]
		// attention
		kernels.RMSNormRows(s.xb[:n*dim], s.x[:n*dim], L.AttnNorm, dim, c.NormEps)
		s.matmul(s.q, L.Wq, s.xb, n)
		s.matmul(s.k, L.Wk, s.xb, n)
		s.matmul(s.v, L.Wv, s.xb, n)
		rope, cs := &c.Rope, s.csG
		if c.SWA[il] {
			rope, cs = &c.RopeSWA, s.csL
		}
		if L.Bq != nil {
			for i := range n {
				kernels.Add(s.q[i*qd:(i+1)*qd], L.Bq)
				kernels.Add(s.k[i*kd:(i+1)*kd], L.Bk)
				kernels.Add(s.v[i*vd:(i+1)*vd], L.Bv)
			}
		}
		if L.QNorm != nil {
			// every head of every token, a row each
			kernels.RMSNormRows(s.q[:n*qd], s.q[:n*qd], L.QNorm, c.HeadDim, c.NormEps)
			kernels.RMSNormRows(s.k[:n*kd], s.k[:n*kd], L.KNorm, c.HeadDim, c.NormEps)
		}
		for i := range n {
			qi, ki, vi := s.q[i*qd:(i+1)*qd], s.k[i*kd:(i+1)*kd], s.v[i*vd:(i+1)*vd]
			csi := cs[i*rope.Dims : (i+1)*rope.Dims]
			applyRope(qi, c.NHead, c.HeadDim, csi, rope.Dims, rope.Neox)
			applyRope(ki, c.NHeadKV, c.HeadDim, csi, rope.Dims, rope.Neox)
			if c.ScaleQ {
				kernels.Scale(qi, c.AttnScale)
			}
			roundF16(qi)
			cell := s.cellOf[i]
			kv.store(il, cell, ki, vi)
		}
		s.curLayer, s.curN = il, n
		// llamafile_sgemm takes KQ (k = HeadDim) and KQV (m = HeadDimV)
		// for two or more tokens when k%16 == 0 and m%4 == 0 (n_kv, the
		// other side, is a multiple of 256)
		s.curVecScores = lc && (n == 1 || c.HeadDim%16 != 0)
		s.curVecSum = lc && (n == 1 || c.HeadDimV%4 != 0)
		s.pool.For(s.pool.Threads(), s.attnFn)
		s.matmul(s.xb2, L.Wo, s.att, n)
		if lc && il == len(w.Layers)-1 {
			// llama.cpp's graphs keep only the rows of the tokens that want
			// logits after the last attention (ggml_get_rows on
			// inp_out_ids), so its feed-forward runs on those, in batch order
			k := 0
			for i := range n {
				if outRow[i] < 0 {
					continue
				}
				if k != i {
					copy(s.x[k*dim:(k+1)*dim], s.x[i*dim:(i+1)*dim])
					copy(s.xb2[k*dim:(k+1)*dim], s.xb2[i*dim:(i+1)*dim])
				}
				k++
			}
			n, compacted = k, true
		}
		if L.PostAttnNorm != nil {
			kernels.RMSNormRows(s.xb2[:n*dim], s.xb2[:n*dim], L.PostAttnNorm, dim, c.NormEps)
		}
		kernels.Add(s.x[:n*dim], s.xb2[:n*dim])
		kernels.RMSNormRows(s.xb[:n*dim], s.x[:n*dim], L.FFNNorm, dim, c.NormEps)
		// feed-forward: down(act(gate x) * up x)
		s.matmul(s.hb, L.Gate, s.xb, n)
		s.matmul(s.hb2, L.Up, s.xb, n)
		g := s.hb[:n*c.NFF]
		if c.Act == ActGELU {
			geglu(g, s.hb2[:n*c.NFF])
		} else {
			kernels.SiLU(g)
			kernels.Mul(g, s.hb2[:n*c.NFF])
		}
		s.matmul(s.xb2, L.Down, s.hb, n)
		if L.PostFFNNorm != nil {
			kernels.RMSNormRows(s.xb2[:n*dim], s.xb2[:n*dim], L.PostFFNNorm, dim, c.NormEps)
		}
		kernels.Add(s.x[:n*dim], s.xb2[:n*dim])
	}

	// logits of the tokens that asked for them
	nOut, first := 0, -1
	for i := range len(chunk) {
		if outRow[i] < 0 {
			continue
		}
		if first < 0 {
			first = outRow[i]
		}
		src := i
		if compacted {
			src = nOut
		}
		kernels.RMSNorm(s.outHidden[nOut*dim:(nOut+1)*dim], s.x[src*dim:(src+1)*dim], w.OutputNorm, c.NormEps)
		nOut++
	}
	if nOut == 0 {
		return
	}
	dst := s.logits[first*c.NVocab : (first+nOut)*c.NVocab]
	s.matmul(dst, w.Output, s.outHidden, nOut)
	if c.FinalSoftcap > 0 {
		softcap(dst, c.FinalSoftcap)
	}
}

// attentionWorker is the body of the attention loop: worker lo of
// s.pool.Threads() takes every Threads()-th work item. In the exact
// kernels' numerics (Exact, and LlamaCpp's batches of two or more tokens)
// with grouped-query attention an item is a token and a subgroup of the
// query heads that share a KV head (attentionGroups); otherwise it is a
// token and one head. Either way each head's output takes the same
// operations in the same order, whatever the number of threads.
func (s *Session) attentionWorker(lo, _ int) {
	c := s.cfg
	group := c.NHead / c.NHeadKV
	if s.m.num != Fast && !s.curVecScores && !s.curVecSum && group > 1 && !s.perHeadAttn {
		if gs := attnSubgroup(group, s.curN*c.NHead, s.pool.Threads()); gs > 1 {
			s.attentionGroups(lo, gs)
			return
		}
	}
	s.attentionHeads(lo)
}

// attnSubgroup returns how many query heads of a KV group of group heads
// one attention work item takes: the largest divisor of group that still
// leaves at least threads items among heads (so that every thread has
// work), or 1.
func attnSubgroup(group, heads, threads int) int {
	for gs := group; gs > 1; gs-- {
		if group%gs == 0 && heads/gs >= threads {
			return gs
		}
	}
	return 1
}

// attnRows lists in cells the cache cells that token i of the current
// batch attends to, in position order, and returns them with the position
// of the first one the window allows (from, for the 16-lane sums).
func (s *Session) attnRows(i int, cells []int32) (rows kernels.CacheRows, from int) {
	pos, m := s.posOf[i], s.kv.pos2cell[s.seqOf[i]]
	from = s.windowFrom(pos)
	cnt := 0
	for p := from; p <= pos; p++ {
		if cell := m[p]; cell >= 0 {
			cells[cnt] = cell
			cnt++
		}
	}
	return kernels.NewCacheRows(cells[:cnt]), from
}

// windowFrom returns the first position a token at pos attends to in the
// current layer.
func (s *Session) windowFrom(pos int) int {
	if w := s.cfg.SlidingWindow; s.cfg.SWA[s.curLayer] && w > 0 {
		return max(0, pos-w+1)
	}
	return 0
}

// attentionHeads is attentionWorker with (token, head) work items.
func (s *Session) attentionHeads(lo int) {
	c, kv := s.cfg, s.kv
	T := s.pool.Threads()
	il, n := s.curLayer, s.curN
	K, V := kv.k[il], kv.v[il]
	qd := c.NHead * c.HeadDim
	group := c.NHead / c.NHeadKV
	scores, cells := s.scores[lo], s.scoreCell[lo]
	lastTok := -1
	var rows kernels.CacheRows
	from := 0
	fast, vecScores, vecSum := s.m.num == Fast, s.curVecScores, s.curVecSum
	for j := lo; j < n*c.NHead; j += T {
		i, h := j/c.NHead, j%c.NHead
		kvh := h / group
		q := s.q[i*qd+h*c.HeadDim : i*qd+(h+1)*c.HeadDim]
		if i != lastTok {
			// the cells this token attends to (the same for all its heads)
			lastTok = i
			rows, from = s.attnRows(i, cells)
		}
		sc := scores[:rows.Len()]
		switch {
		case fast:
			kernels.AttnScoresFast(sc, q, K, rows, c.HeadDim, kv.kOff(kvh))
		case vecScores:
			kernels.AttnScoresVec(sc, q, K, rows, c.HeadDim, kv.kOff(kvh))
		default:
			kernels.AttnScores(sc, q, K, rows, c.HeadDim, kv.kOff(kvh))
		}
		s.attnWeights(sc, from)
		out := s.att[i*c.NHead*c.HeadDimV+h*c.HeadDimV : i*c.NHead*c.HeadDimV+(h+1)*c.HeadDimV]
		switch {
		case fast:
			kernels.AttnSumFast(out, sc, V, rows, c.HeadDimV, kv.vOff(kvh))
		case vecSum:
			// ggml_vec_dot_f16 over llama.cpp's cells: four accumulators
			// of 16 lanes that follow the positions, like AttnSumAt's
			kernels.AttnSumVec(out, sc, V, rows, c.HeadDimV, kv.vOff(kvh), from)
		default:
			kernels.AttnSumAt(out, sc, V, rows, c.HeadDimV, kv.vOff(kvh), from)
		}
	}
}

// Grouped attention takes a worker's items a set at a time: up to
// attnSetTokens tokens of the batch, their keys a block of attnBlockPos
// positions at a time and their values attnChunk outputs at a time across
// the whole set, so that cache rows the tokens share (the few-shot prefix
// of the sequences of a decode step, the earlier positions of a prompt)
// can come from cache once per set. Those finer schedules paid off with
// float32 rows interleaved by head; with the half-precision cache stored
// head by head (one head's keys for 2,000 positions: 256 KB for SmolLM2, 1
// MB for Gemma 3) they cost more than they save, since they re-read
// unshared contexts from memory and cut the streams the hardware
// prefetches. So by default a set takes each item's keys and values whole.
// Measured at one thread, 16 sequences, ms per token: keys in blocks of 256
// positions -> whole lists, own 1,200-token prompts SmolLM2 4.64 -> 4.07,
// Gemma 3 4.21 -> 4.08, a shared 1,200-token prefix 2.62 -> 2.54 and 3.56 ->
// 3.54, a 2,048-token prompt the same (pp2048 496 vs 502 and 629 vs 625
// tokens/s); values 16 outputs at a time -> whole heads, BBH --limit 1 on
// SmolLM2 (27 unshared documents) 113 -> 97 s. The blocks and chunks remain
// for the tests, which check that any schedule gives the same bits.
const (
	attnSetTokens = 16
	attnBlockPos  = 1 << 20 // whole lists
	attnChunk     = 256     // whole heads of up to 256 values
)

// attnItem is one work item of the grouped attention: token i, its query
// heads h..h+gs-1 of KV head kvh, its rows (entry tok of the set's lists)
// and its scores, gs rows of as many values as it has cache rows.
type attnItem struct {
	i, h, kvh, tok int
	sc             []float32
	cur            int  // the next row whose score is due
	pair           bool // this item's rows are the first of the next one's (pairable)
}

// attnSet is a worker's scratch for one set of grouped-attention items.
type attnSet struct {
	items []attnItem
	rows  []kernels.CacheRows // per token of the set
	from  []int               // per token: the first position its window allows
	cells []int32
	sc    []float32
}

// attentionGroups is attentionWorker with (token, gs heads of one KV
// group) work items, in the exact kernels' numerics: the group kernels
// read each cached key and value once for the gs heads and give each head
// AttnScores's and AttnSumAt's bits. Items go a set at a time (see
// attnSetTokens); each score and each output element takes the same
// operations in the same order as for an item alone, so the results do
// not depend on the sets, the blocks or the number of threads.
func (s *Session) attentionGroups(lo, gs int) {
	c := s.cfg
	T := s.pool.Threads()
	n, per, group := s.curN, c.NHead/gs, c.NHead/c.NHeadKV
	setTok, block, chunk := attnSetTokens, attnBlockPos, attnChunk
	if s.attnTune != [3]int{} {
		setTok, block, chunk = s.attnTune[0], s.attnTune[1], s.attnTune[2]
	}
	set := &s.attnSets[lo]
	for i0 := 0; i0 < n; i0 += setTok {
		i1 := min(n, i0+setTok)
		// this worker's items j = i*per + k (j%T == lo) of the set's tokens
		set.items, set.rows, set.from = set.items[:0], set.rows[:0], set.from[:0]
		var cells []int32 // the cells of the set's last token, in place
		for j := i0*per + (lo-i0*per%T+T)%T; j < i1*per; j += T {
			i, h := j/per, (j%per)*gs
			if len(set.items) == 0 || set.items[len(set.items)-1].i != i {
				var rows kernels.CacheRows
				k, pos, seq := len(set.rows), s.posOf[i], s.seqOf[i]
				from := s.windowFrom(pos)
				prev := -1 // the set's last token
				if k > 0 {
					prev = set.items[len(set.items)-1].i
				}
				if prev >= 0 && s.rowsPrefix(prev, i, set.from[k-1], from) {
					// a later token of the last one's sequence: its cells
					// are the last one's and those of the positions since
					m, cnt := s.kv.pos2cell[seq], set.rows[k-1].Len()
					for p := s.posOf[prev] + 1; p <= pos; p++ {
						if cell := m[p]; cell >= 0 {
							cells[cnt] = cell
							cnt++
						}
					}
					rows = set.rows[k-1].Extend(cells[:cnt])
				} else {
					cells = set.cellsFor(k, s.kv.nCtx)
					rows, from = s.attnRows(i, cells)
				}
				set.rows, set.from = append(set.rows, rows), append(set.from, from)
			}
			set.items = append(set.items, attnItem{i: i, h: h, kvh: h / group, tok: len(set.rows) - 1})
		}
		if len(set.items) > 0 {
			s.attendSet(set, gs, block, chunk)
		}
	}
}

// cellsFor returns room for the cells of token k of a set.
func (set *attnSet) cellsFor(k, ctx int) []int32 {
	if need := (k + 1) * ctx; len(set.cells) < need {
		set.cells = append(set.cells, make([]int32, need-len(set.cells))...)
	}
	return set.cells[k*ctx : (k+1)*ctx]
}

// attendSet computes the attention outputs of one set of items.
func (s *Session) attendSet(set *attnSet, gs, block, chunk int) {
	c, kv := s.cfg, s.kv
	K, V := kv.k[s.curLayer], kv.v[s.curLayer]
	qd, hdv := c.NHead*c.HeadDim, c.HeadDimV
	lo, hi := math.MaxInt, 0
	for _, it := range set.items {
		lo, hi = min(lo, set.from[it.tok]), max(hi, s.posOf[it.i])
	}
	// the items of one KV head next to each other: they read the same keys
	slices.SortStableFunc(set.items, func(a, b attnItem) int { return a.kvh - b.kvh })
	// with whole lists (one block), items pair up for their scores where
	// they can
	whole := lo-lo%block+block > hi
	total := 0
	for x := range set.items {
		it := &set.items[x]
		second := x > 0 && set.items[x-1].pair // the second of a pair
		it.pair = whole && !second && x+1 < len(set.items) && s.pairable(set, it, &set.items[x+1])
		total += gs * set.rows[it.tok].Len()
	}
	if len(set.sc) < total {
		set.sc = make([]float32, total)
	}
	off := 0
	for x := range set.items {
		it := &set.items[x]
		m := gs * set.rows[it.tok].Len()
		it.sc, it.cur = set.sc[off:off+m], 0
		off += m
	}

	if whole {
		for x := 0; x < len(set.items); x++ {
			it := &set.items[x]
			rows := set.rows[it.tok]
			q := s.q[it.i*qd+it.h*c.HeadDim : it.i*qd+(it.h+gs)*c.HeadDim]
			if !it.pair {
				kernels.AttnScoresGroupLD(it.sc, rows.Len(), q, gs, K, rows, c.HeadDim, kv.kOff(it.kvh))
				continue
			}
			b := &set.items[x+1]
			rb := set.rows[b.tok]
			qb := s.q[b.i*qd+b.h*c.HeadDim : b.i*qd+(b.h+gs)*c.HeadDim]
			n := rows.Len()
			kernels.AttnScoresGroup2LD([2][]float32{it.sc, b.sc}, [2]int{n, rb.Len()}, [2][]float32{q, qb}, gs, K, rows, c.HeadDim, kv.kOff(it.kvh))
			kernels.AttnScoresGroupLD(b.sc[n:], rb.Len(), qb, gs, K, rb.Sub(n, rb.Len()), c.HeadDim, kv.kOff(b.kvh))
			x++
		}
	} else {
		// scores, a block of positions at a time for the whole set
		for p := lo - lo%block; p <= hi; p += block {
			for x := range set.items {
				it := &set.items[x]
				rows := set.rows[it.tok]
				cnt, a := rows.Len(), it.cur
				if from := set.from[it.tok]; cnt == s.posOf[it.i]-from+1 {
					// every position from..pos has a cell: entry t is position from+t
					it.cur = min(cnt, max(a, p+block-from))
				} else {
					for it.cur < cnt && int(kv.cellPos[rows.At(it.cur)]) < p+block {
						it.cur++
					}
				}
				if it.cur > a {
					q := s.q[it.i*qd+it.h*c.HeadDim : it.i*qd+(it.h+gs)*c.HeadDim]
					kernels.AttnScoresGroupLD(it.sc[a:], cnt, q, gs, K, rows.Sub(a, it.cur), c.HeadDim, kv.kOff(it.kvh))
				}
			}
		}
	}
	for _, it := range set.items {
		cnt := set.rows[it.tok].Len()
		for g := range gs {
			s.attnWeights(it.sc[g*cnt:(g+1)*cnt], set.from[it.tok])
		}
	}
	// weighted sums, chunk outputs at a time for the whole set
	for c0 := 0; c0 < hdv; c0 += chunk {
		w := min(chunk, hdv-c0)
		for _, it := range set.items {
			rows := set.rows[it.tok]
			o := it.i*c.NHead*hdv + it.h*hdv + c0
			kernels.AttnSumGroupLD(s.att[o:o+(gs-1)*hdv+w], hdv, w, it.sc, rows.Len(), gs, V, rows, hdv, kv.vOff(it.kvh)+c0, set.from[it.tok])
		}
	}
}

// pairable reports whether items a and b (the next one) can go through
// the two-token score kernel: the same KV head and a's rows the first of
// b's.
func (s *Session) pairable(set *attnSet, a, b *attnItem) bool {
	return a.kvh == b.kvh && a.i != b.i && s.rowsPrefix(a.i, b.i, set.from[a.tok], set.from[b.tok])
}

// rowsPrefix reports whether token i's attention rows (attnRows, from its
// window start fromI) are the first of token j's: the same sequence and
// window start, i's position not after j's.
func (s *Session) rowsPrefix(i, j, fromI, fromJ int) bool {
	return s.seqOf[i] == s.seqOf[j] && fromI == fromJ && s.posOf[i] <= s.posOf[j]
}

// attnWeights turns one head's scores into the weights of its sum: scale
// (unless the queries were scaled), soft-cap, softmax, half precision.
func (s *Session) attnWeights(sc []float32, from int) {
	c := s.cfg
	if !c.ScaleQ {
		kernels.Scale(sc, c.AttnScale)
	}
	if c.AttnSoftcap > 0 {
		softcap(sc, c.AttnSoftcap)
	}
	// llama.cpp's 16-lane sums follow the cache cells (positions): a
	// sliding window that starts at position from starts at lane from%16
	kernels.SoftmaxAt(sc, from)
	roundF16(sc)
}

// matmul computes dst = W·x for n tokens (kernels.MatMul on the session's pool).
func (s *Session) matmul(dst []float32, w kernels.Matrix, x []float32, n int) {
	if s.m.num == LlamaCpp {
		kernels.MatMulLlamaCpp(s.pool, dst, w, x, n)
		return
	}
	kernels.MatMul(s.pool, dst, w, x, n)
}

// roundF16 rounds to half precision in place (kernels.RoundF16).
func roundF16(x []float32) { kernels.RoundF16(x) }

// softcap computes x = c*tanh(x/c) in place.
func softcap(x []float32, c float32) {
	for i, v := range x {
		x[i] = c * float32(math.Tanh(float64(v/c)))
	}
}
