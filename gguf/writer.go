package gguf

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
)

// Builder assembles a GGUF v3 file in memory order: metadata, tensor infos,
// aligned tensor data. It is meant for tests and for tools that write small
// files (quantized fixtures); it holds all tensor data in memory.
type Builder struct {
	Alignment uint64 // 0 means 32
	kvs       []KV
	tensors   []builderTensor
}

type builderTensor struct {
	name string
	dims []uint64
	typ  Type
	data []byte
}

// AddKV adds a metadata entry. v is a Go value of a GGUF type (uint8, int8,
// uint16, int16, uint32, int32, float32, bool, string, uint64, int64,
// float64), a slice of one of them, an Array, or a Value.
func (b *Builder) AddKV(key string, v any) error {
	val, err := toValue(v)
	if err != nil {
		return fmt.Errorf("gguf: metadata %q: %w", key, err)
	}
	b.kvs = append(b.kvs, KV{Key: key, Value: val})
	return nil
}

// AddTensor adds a tensor whose data are already encoded as typ. dims are in
// ggml order (dims[0] is the row length).
func (b *Builder) AddTensor(name string, typ Type, dims []uint64, data []byte) error {
	n := uint64(1)
	for _, d := range dims {
		n *= d
	}
	size, err := typ.RowSize(n)
	if err != nil {
		return fmt.Errorf("gguf: tensor %q: %w", name, err)
	}
	if uint64(len(data)) != size {
		return fmt.Errorf("gguf: tensor %q: %d bytes given, %s %v needs %d", name, len(data), typ, dims, size)
	}
	b.tensors = append(b.tensors, builderTensor{name, append([]uint64(nil), dims...), typ, data})
	return nil
}

// AddF32 adds a float32 tensor.
func (b *Builder) AddF32(name string, dims []uint64, x []float32) error {
	p := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(p[4*i:], math.Float32bits(v))
	}
	return b.AddTensor(name, F32, dims, p)
}

func toValue(v any) (Value, error) {
	switch x := v.(type) {
	case Value:
		return x, nil
	case Array:
		return Value{Type: TypeArray, X: x}, nil
	case uint8:
		return Value{TypeUint8, x}, nil
	case int8:
		return Value{TypeInt8, x}, nil
	case uint16:
		return Value{TypeUint16, x}, nil
	case int16:
		return Value{TypeInt16, x}, nil
	case uint32:
		return Value{TypeUint32, x}, nil
	case int32:
		return Value{TypeInt32, x}, nil
	case float32:
		return Value{TypeFloat32, x}, nil
	case bool:
		return Value{TypeBool, x}, nil
	case string:
		return Value{TypeString, x}, nil
	case uint64:
		return Value{TypeUint64, x}, nil
	case int64:
		return Value{TypeInt64, x}, nil
	case float64:
		return Value{TypeFloat64, x}, nil
	case []uint8:
		return arr(TypeUint8, x), nil
	case []int8:
		return arr(TypeInt8, x), nil
	case []uint16:
		return arr(TypeUint16, x), nil
	case []int16:
		return arr(TypeInt16, x), nil
	case []uint32:
		return arr(TypeUint32, x), nil
	case []int32:
		return arr(TypeInt32, x), nil
	case []float32:
		return arr(TypeFloat32, x), nil
	case []bool:
		return arr(TypeBool, x), nil
	case []string:
		return arr(TypeString, x), nil
	case []uint64:
		return arr(TypeUint64, x), nil
	case []int64:
		return arr(TypeInt64, x), nil
	case []float64:
		return arr(TypeFloat64, x), nil
	}
	return Value{}, fmt.Errorf("no GGUF type for Go type %T", v)
}

func arr(t ValueType, x any) Value { return Value{TypeArray, Array{Elem: t, Values: x}} }

// WriteTo writes the file.
func (b *Builder) WriteTo(w io.Writer) (int64, error) {
	align := b.Alignment
	if align == 0 {
		align = defaultAlign
	}
	cw := &countWriter{w: bufio.NewWriter(w)}
	e := &encoder{w: cw}
	e.bytes([]byte(Magic))
	e.u32(3)
	e.u64(uint64(len(b.tensors)))
	e.u64(uint64(len(b.kvs)))
	for _, kv := range b.kvs {
		e.str(kv.Key)
		e.u32(uint32(kv.Value.Type))
		e.value(kv.Value)
	}
	var off uint64
	offsets := make([]uint64, len(b.tensors))
	for i, t := range b.tensors {
		e.str(t.name)
		e.u32(uint32(len(t.dims)))
		for _, d := range t.dims {
			e.u64(d)
		}
		e.u32(uint32(t.typ))
		offsets[i] = off
		e.u64(off)
		off += uint64(len(t.data))
		off = (off + align - 1) / align * align
	}
	e.pad(align)
	for _, t := range b.tensors {
		e.pad(align)
		e.bytes(t.data)
	}
	if e.err == nil {
		e.err = cw.w.(*bufio.Writer).Flush()
	}
	return cw.n, e.err
}

// WriteFile writes the file atomically (temporary file, then rename).
func (b *Builder) WriteFile(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gguf-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := b.WriteTo(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("gguf: write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

type encoder struct {
	w   *countWriter
	err error
	buf [8]byte
}

func (e *encoder) bytes(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
}
func (e *encoder) u8(x uint8)   { e.bytes([]byte{x}) }
func (e *encoder) u16(x uint16) { binary.LittleEndian.PutUint16(e.buf[:], x); e.bytes(e.buf[:2]) }
func (e *encoder) u32(x uint32) { binary.LittleEndian.PutUint32(e.buf[:], x); e.bytes(e.buf[:4]) }
func (e *encoder) u64(x uint64) { binary.LittleEndian.PutUint64(e.buf[:], x); e.bytes(e.buf[:8]) }
func (e *encoder) str(s string) { e.u64(uint64(len(s))); e.bytes([]byte(s)) }
func (e *encoder) pad(align uint64) {
	if r := uint64(e.w.n) % align; r != 0 {
		e.bytes(make([]byte, align-r))
	}
}

func (e *encoder) value(v Value) {
	switch x := v.X.(type) {
	case uint8:
		e.u8(x)
	case int8:
		e.u8(uint8(x))
	case bool:
		if x {
			e.u8(1)
		} else {
			e.u8(0)
		}
	case uint16:
		e.u16(x)
	case int16:
		e.u16(uint16(x))
	case uint32:
		e.u32(x)
	case int32:
		e.u32(uint32(x))
	case float32:
		e.u32(math.Float32bits(x))
	case uint64:
		e.u64(x)
	case int64:
		e.u64(uint64(x))
	case float64:
		e.u64(math.Float64bits(x))
	case string:
		e.str(x)
	case Array:
		e.array(x)
	default:
		if e.err == nil {
			e.err = fmt.Errorf("gguf: cannot encode %T", v.X)
		}
	}
}

func (e *encoder) array(a Array) {
	e.u32(uint32(a.Elem))
	e.u64(uint64(a.Len()))
	switch vs := a.Values.(type) {
	case []Array:
		for _, s := range vs {
			e.array(s)
		}
	case []string:
		for _, s := range vs {
			e.str(s)
		}
	default:
		for i := 0; i < a.Len(); i++ {
			e.value(Value{a.Elem, a.Index(i)})
		}
	}
}
