package kernels

import (
	"runtime"
	"sync"
)

// Pool runs parallel loops on a fixed set of worker goroutines started once,
// so no goroutine is started per operation. A Pool is used by one caller at a
// time (one forward pass); For must not be called concurrently.
type Pool struct {
	n     int
	work  []chan int // chunk index of the current loop; closing stops the worker
	fn    func(lo, hi int)
	loopN int
	loopW int
	wg    sync.WaitGroup
	once  sync.Once
	acts  []qAct    // scratch for MatMul
	packs []packed4 // scratch for MatMul
	zeros []float32 // zero activations padding MatMul's last tile
}

// NewPool starts a pool of threads workers (threads <= 0: runtime.NumCPU()).
// The calling goroutine is worker 0, so threads-1 goroutines are started.
func NewPool(threads int) *Pool {
	if threads <= 0 {
		threads = runtime.NumCPU()
	}
	p := &Pool{n: threads, work: make([]chan int, threads)}
	for i := 1; i < threads; i++ {
		ch := make(chan int, 1)
		p.work[i] = ch
		go func() {
			for c := range ch {
				n, w := p.loopN, p.loopW
				p.fn(c*n/w, (c+1)*n/w)
				p.wg.Done()
			}
		}()
	}
	return p
}

// Threads returns the number of workers.
func (p *Pool) Threads() int { return p.n }

// Close stops the workers. The pool must not be used afterwards.
func (p *Pool) Close() {
	p.once.Do(func() {
		for _, ch := range p.work[1:] {
			close(ch)
		}
	})
}

// For splits [0, n) into at most Threads() contiguous chunks and calls
// fn(lo, hi) for each chunk on its own worker, returning when all are done.
// The split depends only on n and Threads(), so callers whose per-index work
// is independent get results that do not depend on the thread count.
func (p *Pool) For(n int, fn func(lo, hi int)) {
	if n <= 0 {
		return
	}
	w := min(p.n, n)
	if w == 1 {
		fn(0, n)
		return
	}
	// The channel sends publish fn, loopN and loopW to the workers; no
	// closure is allocated per loop.
	p.fn, p.loopN, p.loopW = fn, n, w
	p.wg.Add(w - 1)
	for i := 1; i < w; i++ {
		p.work[i] <- i
	}
	fn(0, n/w)
	p.wg.Wait()
	p.fn = nil
}

// actScratch returns n quantized-activation buffers owned by the pool,
// reused across calls (the pool has one caller at a time).
func (p *Pool) actScratch(n int) []qAct {
	if len(p.acts) < n {
		p.acts = append(p.acts, make([]qAct, n-len(p.acts))...)
	}
	return p.acts[:n]
}

// zeroScratch returns n zeros owned by the pool (never written).
func (p *Pool) zeroScratch(n int) []float32 {
	if len(p.zeros) < n {
		p.zeros = make([]float32, n)
	}
	return p.zeros[:n]
}

// packScratch returns n packed four-token buffers owned by the pool.
func (p *Pool) packScratch(n int) []packed4 {
	if len(p.packs) < n {
		p.packs = append(p.packs, make([]packed4, n-len(p.packs))...)
	}
	return p.packs[:n]
}
