package parquet

import (
	"encoding/binary"
	"fmt"
	"math"
)

// tstruct is a decoded Thrift struct (compact protocol): field id to
// value. Values are int64 (all integer types), bool, float64, []byte
// (binary and strings), []any (lists and sets), tstruct, or nil (maps,
// which this reader never needs).
type tstruct map[int16]any

func (s tstruct) i64(id int16) int64 {
	v, _ := s[id].(int64)
	return v
}

func (s tstruct) str(id int16) string {
	v, _ := s[id].([]byte)
	return string(v)
}

func (s tstruct) list(id int16) []any {
	v, _ := s[id].([]any)
	return v
}

func (s tstruct) strct(id int16) tstruct {
	v, _ := s[id].(tstruct)
	if v == nil {
		return tstruct{}
	}
	return v
}

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 32

type tdecoder struct {
	b   []byte
	pos int
}

// decodeStruct decodes a whole buffer holding one struct.
func decodeStruct(b []byte) (tstruct, error) {
	s, _, err := decodeStructPrefix(b)
	return s, err
}

// decodeStructPrefix decodes the struct at the start of b and returns the
// number of bytes it took.
func decodeStructPrefix(b []byte) (tstruct, int, error) {
	d := &tdecoder{b: b}
	s, err := d.readStruct(0)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: thrift: %v", ErrCorrupt, err)
	}
	return s, d.pos, nil
}

func (d *tdecoder) byte1() (byte, error) {
	if d.pos >= len(d.b) {
		return 0, fmt.Errorf("unexpected end at %d", d.pos)
	}
	c := d.b[d.pos]
	d.pos++
	return c, nil
}

func (d *tdecoder) uvarint() (uint64, error) {
	v, n := binary.Uvarint(d.b[d.pos:])
	if n <= 0 {
		return 0, fmt.Errorf("bad varint at %d", d.pos)
	}
	d.pos += n
	return v, nil
}

func (d *tdecoder) zigzag() (int64, error) {
	u, err := d.uvarint()
	return int64(u>>1) ^ -int64(u&1), err
}

func (d *tdecoder) readStruct(depth int) (tstruct, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("nesting deeper than %d", maxDepth)
	}
	s := tstruct{}
	var last int16
	for {
		h, err := d.byte1()
		if err != nil {
			return nil, err
		}
		if h == 0 {
			return s, nil
		}
		typ := h & 0x0f
		id := last + int16(h>>4)
		if h>>4 == 0 {
			v, err := d.zigzag()
			if err != nil {
				return nil, err
			}
			id = int16(v)
		}
		last = id
		var v any
		switch typ {
		case 1:
			v = true
		case 2:
			v = false
		default:
			if v, err = d.value(typ, depth); err != nil {
				return nil, err
			}
		}
		s[id] = v
	}
}

func (d *tdecoder) value(typ byte, depth int) (any, error) {
	switch typ {
	case 1, 2: // booleans inside lists: one byte each
		c, err := d.byte1()
		return c == 1, err
	case 3:
		c, err := d.byte1()
		return int64(int8(c)), err
	case 4, 5, 6:
		return d.zigzag()
	case 7:
		if d.pos+8 > len(d.b) {
			return nil, fmt.Errorf("short double at %d", d.pos)
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.pos:]))
		d.pos += 8
		return v, nil
	case 8:
		n, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		if n > uint64(len(d.b)-d.pos) {
			return nil, fmt.Errorf("binary of %d bytes at %d", n, d.pos)
		}
		v := d.b[d.pos : d.pos+int(n)]
		d.pos += int(n)
		return v, nil
	case 9, 10:
		h, err := d.byte1()
		if err != nil {
			return nil, err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = d.uvarint(); err != nil {
				return nil, err
			}
		}
		if n > uint64(len(d.b)-d.pos) { // every element takes at least one byte
			return nil, fmt.Errorf("list of %d elements at %d", n, d.pos)
		}
		out := make([]any, 0, n)
		for i := uint64(0); i < n; i++ {
			v, err := d.value(h&0x0f, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case 11:
		n, err := d.uvarint()
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return nil, nil
		}
		if n > uint64(len(d.b)-d.pos) {
			return nil, fmt.Errorf("map of %d entries at %d", n, d.pos)
		}
		kv, err := d.byte1()
		if err != nil {
			return nil, err
		}
		for i := uint64(0); i < n; i++ {
			if _, err := d.value(kv>>4, depth+1); err != nil {
				return nil, err
			}
			if _, err := d.value(kv&0x0f, depth+1); err != nil {
				return nil, err
			}
		}
		return nil, nil
	case 12:
		return d.readStruct(depth + 1)
	}
	return nil, fmt.Errorf("unknown thrift type %d at %d", typ, d.pos)
}
