package gguf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"math"
	"os"
	"sort"
)

// Sentinel errors. Every error of Open wraps one of them and names the file.
var (
	// ErrCorrupt: the bytes are not a valid GGUF file (truncated, absurd
	// counts, offsets past the end, overlapping tensors, ...).
	ErrCorrupt = errors.New("corrupt GGUF file")
	// ErrUnsupported: a valid file hyoka cannot handle (version, endianness,
	// tensor type).
	ErrUnsupported = errors.New("unsupported GGUF feature")
)

// Magic is the first four bytes of every GGUF file.
const Magic = "GGUF"

// Limits on header fields: larger values can only come from a corrupt file,
// and they bound what Open allocates before it has read the data.
const (
	maxDims         = 4       // GGML_MAX_DIMS
	maxStringLen    = 1 << 30 // one metadata string
	maxArrayDepth   = 8       // nested arrays
	defaultAlign    = 32
	maxTensorNameLn = 1 << 16
)

// TensorInfo describes one tensor of the file.
type TensorInfo struct {
	Name string
	// Dims are the sizes in ggml order: Dims[0] is the contiguous (row) length.
	Dims   []uint64
	Type   Type
	Offset uint64 // from the start of the data section
	Size   uint64 // bytes
	data   []byte
}

// NumElements is the product of Dims.
func (t *TensorInfo) NumElements() uint64 {
	n := uint64(1)
	for _, d := range t.Dims {
		n *= d
	}
	return n
}

// Data returns the tensor's bytes: a view into the mapped file, valid until
// File.Close. Do not modify it.
func (t *TensorInfo) Data() []byte { return t.data }

// File is an open GGUF file. Tensor data are zero-copy views into a
// read-only memory mapping of the file.
type File struct {
	Path       string
	Version    uint32
	Alignment  uint64
	DataOffset uint64 // start of the tensor data section in the file
	Size       uint64 // file size

	kvs     []KV
	kvIndex map[string]int
	tensors []*TensorInfo
	tIndex  map[string]int
	mapping []byte
	unmap   func() error
}

// OpenOptions change how OpenWith reads a file.
type OpenOptions struct {
	// NoMmap reads the file into memory instead of mapping it (llama.cpp's
	// --no-mmap). On Linux that memory is advised for transparent huge
	// pages, which spares the TLB misses of streaming large matrices (one
	// token's generation reads every weight); the file's bytes then count
	// in the process's resident memory, and opening reads all of them.
	NoMmap bool
}

// Open memory-maps and parses the file at path.
func Open(path string) (*File, error) { return OpenWith(path, OpenOptions{}) }

// OpenWith is Open with options.
func OpenWith(path string, opt OpenOptions) (*File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("gguf: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("gguf: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("gguf: %s: not a regular file", path)
	}
	load, what := mapFile, "mmap"
	if opt.NoMmap {
		load, what = readFile, "read"
	}
	data, unmap, err := load(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("gguf: %s: %s: %w", path, what, err)
	}
	gf, err := parse(path, data)
	if err != nil {
		unmap()
		return nil, err
	}
	gf.unmap = unmap
	return gf, nil
}

// Parse parses a GGUF file held in memory (which must stay unchanged while
// the File is used). name is used in error messages.
func Parse(name string, data []byte) (*File, error) { return parse(name, data) }

// Close releases the mapping. Tensor data views become invalid.
func (f *File) Close() error {
	if f.unmap == nil {
		return nil
	}
	err := f.unmap()
	f.unmap = nil
	f.mapping = nil
	return err
}

// KeyValues iterates over the metadata in file order.
func (f *File) KeyValues() iter.Seq2[string, Value] {
	return func(yield func(string, Value) bool) {
		for _, kv := range f.kvs {
			if !yield(kv.Key, kv.Value) {
				return
			}
		}
	}
}

// NumKV returns the number of metadata entries.
func (f *File) NumKV() int { return len(f.kvs) }

// Tensors returns the tensors in file order.
func (f *File) Tensors() []*TensorInfo { return f.tensors }

// Tensor returns the tensor called name.
func (f *File) Tensor(name string) (*TensorInfo, bool) {
	i, ok := f.tIndex[name]
	if !ok {
		return nil, false
	}
	return f.tensors[i], true
}

// Get returns the metadata value of key.
func (f *File) Get(key string) (Value, bool) {
	i, ok := f.kvIndex[key]
	if !ok {
		return Value{}, false
	}
	return f.kvs[i].Value, true
}

// Architecture returns general.architecture ("" if absent).
func (f *File) Architecture() string {
	s, _ := f.String("general.architecture")
	return s
}

// ArchKey returns "<arch>.<suffix>", the key of an architecture-specific field.
func (f *File) ArchKey(suffix string) string { return f.Architecture() + "." + suffix }

// String returns the string value of key.
func (f *File) String(key string) (string, bool) {
	v, ok := f.Get(key)
	if !ok {
		return "", false
	}
	s, ok := v.X.(string)
	return s, ok
}

// Uint returns key as an unsigned integer (any integer type that is >= 0).
func (f *File) Uint(key string) (uint64, bool) {
	v, ok := f.Get(key)
	if !ok {
		return 0, false
	}
	return v.Uint()
}

// Float returns key as a float64 (any numeric type).
func (f *File) Float(key string) (float64, bool) {
	v, ok := f.Get(key)
	if !ok {
		return 0, false
	}
	return v.Float()
}

// Bool returns key as a bool.
func (f *File) Bool(key string) (bool, bool) {
	v, ok := f.Get(key)
	if !ok {
		return false, false
	}
	b, ok := v.X.(bool)
	return b, ok
}

// Array returns key as an array.
func (f *File) Array(key string) (Array, bool) {
	v, ok := f.Get(key)
	if !ok {
		return Array{}, false
	}
	a, ok := v.X.(Array)
	return a, ok
}

// Strings returns key as a []string (an array of strings).
func (f *File) Strings(key string) ([]string, bool) {
	a, ok := f.Array(key)
	if !ok {
		return nil, false
	}
	s, ok := a.Values.([]string)
	return s, ok
}

// UintDefault returns the unsigned value of key, or def when absent.
func (f *File) UintDefault(key string, def uint64) uint64 {
	if u, ok := f.Uint(key); ok {
		return u
	}
	return def
}

// FloatDefault returns the numeric value of key, or def when absent.
func (f *File) FloatDefault(key string, def float64) float64 {
	if x, ok := f.Float(key); ok {
		return x
	}
	return def
}

// --- parsing ---------------------------------------------------------------

type reader struct {
	name string
	b    []byte
	off  uint64
}

func (r *reader) errf(format string, a ...any) error {
	return fmt.Errorf("gguf: %s: %w: %s", r.name, ErrCorrupt, fmt.Sprintf(format, a...))
}

func (r *reader) remaining() uint64 { return uint64(len(r.b)) - r.off }

func (r *reader) take(n uint64, what string) ([]byte, error) {
	if n > r.remaining() {
		return nil, r.errf("truncated at byte %d reading %s (need %d bytes, %d left)", r.off, what, n, r.remaining())
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p, nil
}

func (r *reader) u32(what string) (uint32, error) {
	p, err := r.take(4, what)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint32(p), nil
}

func (r *reader) u64(what string) (uint64, error) {
	p, err := r.take(8, what)
	if err != nil {
		return 0, err
	}
	return binary.LittleEndian.Uint64(p), nil
}

func (r *reader) str(what string) (string, error) {
	n, err := r.u64(what + " length")
	if err != nil {
		return "", err
	}
	if n > maxStringLen || n > r.remaining() {
		return "", r.errf("%s: string length %d at byte %d exceeds the %d bytes left", what, n, r.off-8, r.remaining())
	}
	p, _ := r.take(n, what)
	return string(p), nil
}

func parse(name string, data []byte) (*File, error) {
	r := &reader{name: name, b: data}
	magic, err := r.take(4, "magic")
	if err != nil {
		return nil, err
	}
	if string(magic) != Magic {
		return nil, fmt.Errorf("gguf: %s: %w: bad magic %q (not a GGUF file)", name, ErrCorrupt, magic)
	}
	version, err := r.u32("version")
	if err != nil {
		return nil, err
	}
	switch {
	case version == 2 || version == 3:
	case version == 1:
		return nil, fmt.Errorf("gguf: %s: %w: GGUF version 1 (32-bit counts) is obsolete; reconvert the model", name, ErrUnsupported)
	case version&0xffff == 0 && version != 0:
		return nil, fmt.Errorf("gguf: %s: %w: big-endian GGUF file (version field %#x); only little-endian files are supported", name, ErrUnsupported, version)
	default:
		return nil, fmt.Errorf("gguf: %s: %w: GGUF version %d", name, ErrUnsupported, version)
	}
	nTensors, err := r.u64("tensor count")
	if err != nil {
		return nil, err
	}
	nKV, err := r.u64("metadata count")
	if err != nil {
		return nil, err
	}
	// Each KV needs at least 8+0+4 bytes, each tensor info 8+4+8+4+8.
	if nKV > r.remaining()/12 {
		return nil, r.errf("metadata count %d is impossible for a file of %d bytes", nKV, len(data))
	}
	if nTensors > r.remaining()/32 {
		return nil, r.errf("tensor count %d is impossible for a file of %d bytes", nTensors, len(data))
	}
	f := &File{Path: name, Version: version, Size: uint64(len(data)), mapping: data,
		kvIndex: make(map[string]int, nKV), tIndex: make(map[string]int, nTensors)}
	f.kvs = make([]KV, 0, nKV)
	for i := uint64(0); i < nKV; i++ {
		key, err := r.str(fmt.Sprintf("metadata key #%d", i))
		if err != nil {
			return nil, err
		}
		vt, err := r.u32("type of " + key)
		if err != nil {
			return nil, err
		}
		v, err := r.value(ValueType(vt), key, 0)
		if err != nil {
			return nil, err
		}
		if _, dup := f.kvIndex[key]; dup {
			return nil, r.errf("duplicate metadata key %q", key)
		}
		f.kvIndex[key] = len(f.kvs)
		f.kvs = append(f.kvs, KV{Key: key, Value: v})
	}
	f.Alignment = defaultAlign
	if v, ok := f.Get("general.alignment"); ok {
		a, ok := v.X.(uint32)
		if !ok || a == 0 || a&(a-1) != 0 {
			return nil, r.errf("general.alignment must be a power-of-two uint32, got %s %v", v.Type, v.X)
		}
		f.Alignment = uint64(a)
	}
	f.tensors = make([]*TensorInfo, 0, nTensors)
	for i := uint64(0); i < nTensors; i++ {
		t, err := r.tensorInfo(i)
		if err != nil {
			return nil, err
		}
		if _, dup := f.tIndex[t.Name]; dup {
			return nil, r.errf("duplicate tensor name %q", t.Name)
		}
		f.tIndex[t.Name] = len(f.tensors)
		f.tensors = append(f.tensors, t)
	}
	// The data section starts at the next multiple of the alignment.
	off := r.off
	if rem := off % f.Alignment; rem != 0 {
		off += f.Alignment - rem
	}
	if len(f.tensors) > 0 && off > uint64(len(data)) {
		return nil, r.errf("data section at byte %d starts past the end of the file (%d bytes)", off, len(data))
	}
	f.DataOffset = off
	if err := f.placeTensors(r); err != nil {
		return nil, err
	}
	return f, nil
}

func (r *reader) tensorInfo(i uint64) (*TensorInfo, error) {
	name, err := r.str(fmt.Sprintf("name of tensor #%d", i))
	if err != nil {
		return nil, err
	}
	if len(name) > maxTensorNameLn {
		return nil, r.errf("tensor #%d: name of %d bytes is too long", i, len(name))
	}
	nd, err := r.u32("dimension count of tensor " + name)
	if err != nil {
		return nil, err
	}
	if nd == 0 || nd > maxDims {
		return nil, r.errf("tensor %q: %d dimensions (must be 1..%d)", name, nd, maxDims)
	}
	t := &TensorInfo{Name: name, Dims: make([]uint64, nd)}
	n := uint64(1)
	for d := range t.Dims {
		x, err := r.u64(fmt.Sprintf("dimension %d of tensor %s", d, name))
		if err != nil {
			return nil, err
		}
		if x == 0 {
			// ggml allows empty tensors only in special cases; treat as corrupt.
			return nil, r.errf("tensor %q: dimension %d is 0", name, d)
		}
		if x > math.MaxInt64/n {
			return nil, r.errf("tensor %q: element count overflows (dimensions %v...)", name, t.Dims[:d+1])
		}
		t.Dims[d] = x
		n *= x
	}
	typ, err := r.u32("type of tensor " + name)
	if err != nil {
		return nil, err
	}
	t.Type = Type(typ)
	if !t.Type.Known() {
		return nil, fmt.Errorf("gguf: %s: %w: tensor %q has unknown type %d", r.name, ErrUnsupported, name, typ)
	}
	bs := uint64(t.Type.Traits().BlockSize)
	if t.Dims[0]%bs != 0 {
		return nil, r.errf("tensor %q: row length %d is not a multiple of the %s block size %d", name, t.Dims[0], t.Type, bs)
	}
	t.Size, _ = t.Type.RowSize(n)
	if t.Offset, err = r.u64("offset of tensor " + name); err != nil {
		return nil, err
	}
	return t, nil
}

// placeTensors checks alignment, bounds and overlap, and sets the data views.
func (f *File) placeTensors(r *reader) error {
	dataLen := uint64(len(f.mapping)) - min(f.DataOffset, uint64(len(f.mapping)))
	order := make([]*TensorInfo, len(f.tensors))
	copy(order, f.tensors)
	sort.Slice(order, func(i, j int) bool { return order[i].Offset < order[j].Offset })
	var end uint64
	var prev string
	for _, t := range order {
		if t.Offset%f.Alignment != 0 {
			return r.errf("tensor %q: offset %d is not a multiple of the alignment %d", t.Name, t.Offset, f.Alignment)
		}
		if t.Offset > dataLen || t.Size > dataLen-t.Offset {
			return r.errf("tensor %q: bytes %d..%d of the data section lie past its end (%d bytes; file truncated?)", t.Name, t.Offset, t.Offset+t.Size, dataLen)
		}
		if prev != "" && t.Offset < end {
			return r.errf("tensors %q and %q overlap", prev, t.Name)
		}
		start := f.DataOffset + t.Offset
		t.data = f.mapping[start : start+t.Size : start+t.Size]
		end, prev = t.Offset+t.Size, t.Name
	}
	return nil
}

func (r *reader) value(t ValueType, key string, depth int) (Value, error) {
	if t == TypeArray {
		a, err := r.array(key, depth)
		return Value{Type: TypeArray, X: a}, err
	}
	if t == TypeString {
		s, err := r.str("value of " + key)
		return Value{Type: t, X: s}, err
	}
	sz := t.scalarSize()
	if sz == 0 {
		return Value{}, r.errf("metadata %q: unknown value type %d", key, uint32(t))
	}
	p, err := r.take(uint64(sz), "value of "+key)
	if err != nil {
		return Value{}, err
	}
	var x any
	switch t {
	case TypeUint8:
		x = p[0]
	case TypeInt8:
		x = int8(p[0])
	case TypeBool:
		if p[0] > 1 {
			return Value{}, r.errf("metadata %q: bool byte %d", key, p[0])
		}
		x = p[0] == 1
	case TypeUint16:
		x = binary.LittleEndian.Uint16(p)
	case TypeInt16:
		x = int16(binary.LittleEndian.Uint16(p))
	case TypeUint32:
		x = binary.LittleEndian.Uint32(p)
	case TypeInt32:
		x = int32(binary.LittleEndian.Uint32(p))
	case TypeFloat32:
		x = math.Float32frombits(binary.LittleEndian.Uint32(p))
	case TypeUint64:
		x = binary.LittleEndian.Uint64(p)
	case TypeInt64:
		x = int64(binary.LittleEndian.Uint64(p))
	case TypeFloat64:
		x = math.Float64frombits(binary.LittleEndian.Uint64(p))
	}
	return Value{Type: t, X: x}, nil
}

func (r *reader) array(key string, depth int) (Array, error) {
	if depth >= maxArrayDepth {
		return Array{}, r.errf("metadata %q: arrays nested deeper than %d", key, maxArrayDepth)
	}
	et, err := r.u32("array type of " + key)
	if err != nil {
		return Array{}, err
	}
	n, err := r.u64("array length of " + key)
	if err != nil {
		return Array{}, err
	}
	elem := ValueType(et)
	minSize := uint64(elem.scalarSize())
	switch elem {
	case TypeString:
		minSize = 8
	case TypeArray:
		minSize = 12
	}
	if minSize == 0 {
		return Array{}, r.errf("metadata %q: unknown array element type %d", key, et)
	}
	if n > r.remaining()/minSize {
		return Array{}, r.errf("metadata %q: array of %d %s needs at least %d bytes, %d left", key, n, elem, n*minSize, r.remaining())
	}
	a := Array{Elem: elem}
	switch elem {
	case TypeString:
		v := make([]string, n)
		for i := range v {
			if v[i], err = r.str(key); err != nil {
				return Array{}, err
			}
		}
		a.Values = v
	case TypeArray:
		v := make([]Array, n)
		for i := range v {
			if v[i], err = r.array(key, depth+1); err != nil {
				return Array{}, err
			}
		}
		a.Values = v
	default:
		p, _ := r.take(n*minSize, key)
		a.Values, err = decodeScalars(elem, p, int(n))
		if err != nil {
			return Array{}, r.errf("metadata %q: %v", key, err)
		}
	}
	return a, nil
}

func decodeScalars(t ValueType, p []byte, n int) (any, error) {
	le := binary.LittleEndian
	switch t {
	case TypeUint8:
		v := make([]uint8, n)
		copy(v, p)
		return v, nil
	case TypeInt8:
		v := make([]int8, n)
		for i := range v {
			v[i] = int8(p[i])
		}
		return v, nil
	case TypeBool:
		v := make([]bool, n)
		for i := range v {
			if p[i] > 1 {
				return nil, fmt.Errorf("bool byte %d at index %d", p[i], i)
			}
			v[i] = p[i] == 1
		}
		return v, nil
	case TypeUint16:
		v := make([]uint16, n)
		for i := range v {
			v[i] = le.Uint16(p[2*i:])
		}
		return v, nil
	case TypeInt16:
		v := make([]int16, n)
		for i := range v {
			v[i] = int16(le.Uint16(p[2*i:]))
		}
		return v, nil
	case TypeUint32:
		v := make([]uint32, n)
		for i := range v {
			v[i] = le.Uint32(p[4*i:])
		}
		return v, nil
	case TypeInt32:
		v := make([]int32, n)
		for i := range v {
			v[i] = int32(le.Uint32(p[4*i:]))
		}
		return v, nil
	case TypeFloat32:
		v := make([]float32, n)
		for i := range v {
			v[i] = math.Float32frombits(le.Uint32(p[4*i:]))
		}
		return v, nil
	case TypeUint64:
		v := make([]uint64, n)
		for i := range v {
			v[i] = le.Uint64(p[8*i:])
		}
		return v, nil
	case TypeInt64:
		v := make([]int64, n)
		for i := range v {
			v[i] = int64(le.Uint64(p[8*i:]))
		}
		return v, nil
	case TypeFloat64:
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Float64frombits(le.Uint64(p[8*i:]))
		}
		return v, nil
	}
	return nil, fmt.Errorf("unknown element type %d", t)
}
