// Package parquet reads the string columns of flat Apache Parquet files,
// enough for Hugging Face dataset exports such as mkshing/xlsum_ja (written
// by pyarrow): BYTE_ARRAY columns, required or optional, in row groups of
// data pages v1 or v2, PLAIN or dictionary encoded, uncompressed, Snappy or
// gzip. Anything else is reported as ErrUnsupported; malformed input gives
// ErrCorrupt. The reader never panics on bad input.
package parquet

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

var (
	// ErrCorrupt is wrapped by errors about malformed files.
	ErrCorrupt = errors.New("parquet: corrupt file")
	// ErrUnsupported is wrapped by errors about valid files this reader
	// does not handle (nested columns, other types, codecs or encodings).
	ErrUnsupported = errors.New("parquet: unsupported feature")
)

// maxAlloc bounds any single allocation (in bytes) a file can ask for;
// maxValues bounds the number of values of one column chunk or page (a
// run-length run can claim any count in a few bytes).
const (
	maxAlloc  = 1 << 30
	maxValues = 1 << 22
)

const magic = "PAR1"

// ReadStrings returns, for each name in columns, the values of that
// top-level BYTE_ARRAY column in row order (null values as ""). Columns
// not named are not decoded.
func ReadStrings(data []byte, columns []string) ([][]string, error) {
	if len(data) < 12 || string(data[:4]) != magic || string(data[len(data)-4:]) != magic {
		return nil, fmt.Errorf("%w: no PAR1 magic", ErrCorrupt)
	}
	mlen := int64(binary.LittleEndian.Uint32(data[len(data)-8:]))
	if mlen <= 0 || mlen > int64(len(data)-12) {
		return nil, fmt.Errorf("%w: footer length %d", ErrCorrupt, mlen)
	}
	meta, err := decodeStruct(data[int64(len(data)-8)-mlen : len(data)-8])
	if err != nil {
		return nil, err
	}
	// Schema: element 0 is the root; its children are the columns.
	schema := meta.list(2)
	if len(schema) < 1 {
		return nil, fmt.Errorf("%w: empty schema", ErrCorrupt)
	}
	type colInfo struct {
		optional bool
		typ      int64
		nested   bool
	}
	cols := map[string]colInfo{}
	for i := 1; i < len(schema); i++ {
		el, ok := schema[i].(tstruct)
		if !ok {
			return nil, fmt.Errorf("%w: schema element %d", ErrCorrupt, i)
		}
		name := el.str(4)
		if el.i64(5) > 0 {
			cols[name] = colInfo{nested: true}
			continue
		}
		rep := el.i64(3)
		cols[name] = colInfo{optional: rep == 1, typ: el.i64(1), nested: rep == 2}
	}
	out := make([][]string, len(columns))
	for ci, name := range columns {
		info, ok := cols[name]
		switch {
		case !ok:
			return nil, fmt.Errorf("%w: no column %q", ErrCorrupt, name)
		case info.nested:
			return nil, fmt.Errorf("%w: column %q is nested or repeated", ErrUnsupported, name)
		case info.typ != 6: // BYTE_ARRAY
			return nil, fmt.Errorf("%w: column %q has physical type %d, not BYTE_ARRAY", ErrUnsupported, name, info.typ)
		}
		for gi, rg := range meta.list(4) {
			g, ok := rg.(tstruct)
			if !ok {
				return nil, fmt.Errorf("%w: row group %d", ErrCorrupt, gi)
			}
			var chunk tstruct
			for _, c := range g.list(1) {
				cc, ok := c.(tstruct)
				if !ok {
					return nil, fmt.Errorf("%w: column chunk in row group %d", ErrCorrupt, gi)
				}
				md := cc.strct(3)
				if p := md.list(3); len(p) == 1 {
					if s, ok := p[0].([]byte); ok && string(s) == name {
						chunk = md
					}
				}
			}
			if chunk == nil {
				return nil, fmt.Errorf("%w: row group %d has no chunk for %q", ErrCorrupt, gi, name)
			}
			vals, err := readChunk(data, chunk, info.optional)
			if err != nil {
				return nil, fmt.Errorf("column %q row group %d: %w", name, gi, err)
			}
			out[ci] = append(out[ci], vals...)
		}
	}
	return out, nil
}

// readChunk decodes every page of one column chunk.
func readChunk(data []byte, md tstruct, optional bool) ([]string, error) {
	codec := md.i64(4)
	numValues := md.i64(5)
	if numValues < 0 || numValues > maxValues {
		return nil, fmt.Errorf("%w: %d values in a column chunk (limit %d)", ErrCorrupt, numValues, maxValues)
	}
	off := md.i64(9)
	if d, ok := md[11]; ok {
		if dv, ok := d.(int64); ok && dv > 0 && dv < off {
			off = dv
		}
	}
	var dict []string
	out := make([]string, 0, min(numValues, int64(len(data))))
	for int64(len(out)) < numValues {
		if off < 4 || off >= int64(len(data)) {
			return nil, fmt.Errorf("%w: page offset %d", ErrCorrupt, off)
		}
		hdr, n, err := decodeStructPrefix(data[off:])
		if err != nil {
			return nil, err
		}
		size := hdr.i64(3)
		start := off + int64(n)
		if size < 0 || start+size > int64(len(data)) {
			return nil, fmt.Errorf("%w: page size %d at %d", ErrCorrupt, size, off)
		}
		page := data[start : start+size]
		off = start + size
		usize := hdr.i64(2)
		switch hdr.i64(1) {
		case 2: // DICTIONARY_PAGE
			raw, err := decompress(codec, page, usize)
			if err != nil {
				return nil, err
			}
			dh := hdr.strct(7)
			if enc := dh.i64(2); enc != 0 && enc != 2 {
				return nil, fmt.Errorf("%w: dictionary encoding %d", ErrUnsupported, enc)
			}
			if dict, err = plainStrings(raw, int(dh.i64(1))); err != nil {
				return nil, err
			}
		case 0: // DATA_PAGE
			dh := hdr.strct(5)
			raw, err := decompress(codec, page, usize)
			if err != nil {
				return nil, err
			}
			nv := int(dh.i64(1))
			var defs []bool
			if optional {
				if len(raw) < 4 {
					return nil, fmt.Errorf("%w: short definition levels", ErrCorrupt)
				}
				l := int64(binary.LittleEndian.Uint32(raw))
				if l > int64(len(raw)-4) {
					return nil, fmt.Errorf("%w: definition levels length %d", ErrCorrupt, l)
				}
				if defs, err = levels(raw[4:4+l], nv); err != nil {
					return nil, err
				}
				raw = raw[4+l:]
			}
			vals, err := pageValues(raw, dh.i64(2), nv, defs, dict)
			if err != nil {
				return nil, err
			}
			out = append(out, vals...)
		case 3: // DATA_PAGE_V2
			dh := hdr.strct(8)
			nv := int(dh.i64(1))
			dl, rl := dh.i64(5), dh.i64(6)
			if rl != 0 {
				return nil, fmt.Errorf("%w: repetition levels", ErrUnsupported)
			}
			if dl < 0 || dl > int64(len(page)) {
				return nil, fmt.Errorf("%w: definition levels length %d", ErrCorrupt, dl)
			}
			var defs []bool
			if optional {
				if defs, err = levels(page[:dl], nv); err != nil {
					return nil, err
				}
			}
			body := page[dl:]
			if c, ok := dh[7]; !ok || c == true {
				if body, err = decompress(codec, body, usize-dl); err != nil {
					return nil, err
				}
			}
			vals, err := pageValues(body, dh.i64(4), nv, defs, dict)
			if err != nil {
				return nil, err
			}
			out = append(out, vals...)
		default:
			// index pages and unknown page types are skipped
		}
		if len(out) > int(numValues) {
			return nil, fmt.Errorf("%w: %d values in a chunk of %d", ErrCorrupt, len(out), numValues)
		}
	}
	return out, nil
}

// pageValues decodes nv values (nulls where defs says so) of a data page.
func pageValues(raw []byte, enc int64, nv int, defs []bool, dict []string) ([]string, error) {
	if nv < 0 || nv > maxValues {
		return nil, fmt.Errorf("%w: %d values in a page", ErrCorrupt, nv)
	}
	present := nv
	if defs != nil {
		present = 0
		for _, d := range defs {
			if d {
				present++
			}
		}
	}
	var vals []string
	var err error
	switch enc {
	case 0: // PLAIN
		vals, err = plainStrings(raw, present)
	case 2, 8: // PLAIN_DICTIONARY, RLE_DICTIONARY
		if dict == nil {
			return nil, fmt.Errorf("%w: dictionary-encoded page without a dictionary", ErrCorrupt)
		}
		if len(raw) < 1 {
			return nil, fmt.Errorf("%w: empty dictionary page data", ErrCorrupt)
		}
		var idx []uint32
		if idx, err = hybrid(raw[1:], int(raw[0]), present); err != nil {
			return nil, err
		}
		vals = make([]string, present)
		for i, k := range idx {
			if int(k) >= len(dict) {
				return nil, fmt.Errorf("%w: dictionary index %d of %d", ErrCorrupt, k, len(dict))
			}
			vals[i] = dict[k]
		}
	default:
		return nil, fmt.Errorf("%w: value encoding %d", ErrUnsupported, enc)
	}
	if err != nil {
		return nil, err
	}
	if defs == nil {
		return vals, nil
	}
	out := make([]string, nv)
	j := 0
	for i, d := range defs {
		if d {
			out[i] = vals[j]
			j++
		}
	}
	return out, nil
}

// levels decodes nv definition levels of a flat optional column (bit
// width 1); true means the value is present.
func levels(b []byte, nv int) ([]bool, error) {
	v, err := hybrid(b, 1, nv)
	if err != nil {
		return nil, err
	}
	out := make([]bool, nv)
	for i, x := range v {
		out[i] = x == 1
	}
	return out, nil
}

// plainStrings decodes n PLAIN BYTE_ARRAY values (4-byte little-endian
// length, then the bytes).
func plainStrings(b []byte, n int) ([]string, error) {
	if n < 0 || n > len(b)/4+1 {
		return nil, fmt.Errorf("%w: %d values in %d bytes", ErrCorrupt, n, len(b))
	}
	out := make([]string, n)
	for i := range out {
		if len(b) < 4 {
			return nil, fmt.Errorf("%w: truncated byte array", ErrCorrupt)
		}
		l := binary.LittleEndian.Uint32(b)
		if uint64(l) > uint64(len(b)-4) {
			return nil, fmt.Errorf("%w: byte array length %d", ErrCorrupt, l)
		}
		out[i] = string(b[4 : 4+l])
		b = b[4+l:]
	}
	return out, nil
}

// hybrid decodes n values of the RLE / bit-packing hybrid encoding.
func hybrid(b []byte, width, n int) ([]uint32, error) {
	if width < 0 || width > 32 {
		return nil, fmt.Errorf("%w: bit width %d", ErrCorrupt, width)
	}
	if n < 0 || n > maxValues {
		return nil, fmt.Errorf("%w: %d values", ErrCorrupt, n)
	}
	out := make([]uint32, 0, min(n, 8*len(b)+8))
	r := bytes.NewReader(b)
	for len(out) < n {
		h, err := binary.ReadUvarint(r)
		if err != nil {
			return nil, fmt.Errorf("%w: run header: %v", ErrCorrupt, err)
		}
		if h&1 == 1 { // bit-packed groups of 8
			groups := h >> 1
			nb := groups * uint64(width)
			if nb > uint64(r.Len()) {
				return nil, fmt.Errorf("%w: bit-packed run of %d groups", ErrCorrupt, groups)
			}
			buf := make([]byte, nb)
			if _, err := io.ReadFull(r, buf); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
			}
			for i := uint64(0); i < groups*8 && len(out) < n; i++ {
				var v uint32
				for k := 0; k < width; k++ {
					bit := i*uint64(width) + uint64(k)
					if buf[bit/8]>>(bit%8)&1 == 1 {
						v |= 1 << k
					}
				}
				out = append(out, v)
			}
			continue
		}
		count := h >> 1
		nb := (width + 7) / 8
		var v uint32
		for k := 0; k < nb; k++ {
			c, err := r.ReadByte()
			if err != nil {
				return nil, fmt.Errorf("%w: RLE value: %v", ErrCorrupt, err)
			}
			v |= uint32(c) << (8 * k)
		}
		if count == 0 || count > uint64(n-len(out)) {
			count = uint64(n - len(out))
		}
		for i := uint64(0); i < count; i++ {
			out = append(out, v)
		}
	}
	return out, nil
}

// decompress undoes the chunk's codec; size is the uncompressed size from
// the page header.
func decompress(codec int64, b []byte, size int64) ([]byte, error) {
	if size < 0 || size > maxAlloc {
		return nil, fmt.Errorf("%w: uncompressed size %d", ErrCorrupt, size)
	}
	switch codec {
	case 0:
		return b, nil
	case 1:
		return snappyDecode(b, size)
	case 2:
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", ErrCorrupt, err)
		}
		out, err := io.ReadAll(io.LimitReader(zr, size+1))
		if err != nil || int64(len(out)) != size {
			return nil, fmt.Errorf("%w: gzip page: %d bytes, %v", ErrCorrupt, len(out), err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%w: compression codec %d", ErrUnsupported, codec)
}

// snappyDecode decodes one Snappy block (the raw format, no framing).
func snappyDecode(b []byte, size int64) ([]byte, error) {
	r := bytes.NewReader(b)
	n, err := binary.ReadUvarint(r)
	if err != nil || int64(n) != size {
		return nil, fmt.Errorf("%w: snappy length %d, want %d", ErrCorrupt, n, size)
	}
	src := b[len(b)-r.Len():]
	// A copy element of 2 bytes yields at most 64; do not trust n further.
	dst := make([]byte, 0, min(n, 32*uint64(len(src))+64))
	for len(src) > 0 {
		tag := src[0]
		src = src[1:]
		var length, offset int
		switch tag & 3 {
		case 0:
			l := int(tag >> 2)
			if l >= 60 {
				k := l - 59
				if len(src) < k {
					return nil, fmt.Errorf("%w: snappy literal", ErrCorrupt)
				}
				l = 0
				for i := 0; i < k; i++ {
					l |= int(src[i]) << (8 * i)
				}
				src = src[k:]
			}
			l++
			if l <= 0 || l > len(src) || len(dst)+l > int(n) {
				return nil, fmt.Errorf("%w: snappy literal of %d", ErrCorrupt, l)
			}
			dst = append(dst, src[:l]...)
			src = src[l:]
			continue
		case 1:
			if len(src) < 1 {
				return nil, fmt.Errorf("%w: snappy copy", ErrCorrupt)
			}
			length = int(tag>>2&7) + 4
			offset = int(tag>>5)<<8 | int(src[0])
			src = src[1:]
		case 2:
			if len(src) < 2 {
				return nil, fmt.Errorf("%w: snappy copy", ErrCorrupt)
			}
			length = int(tag>>2) + 1
			offset = int(binary.LittleEndian.Uint16(src))
			src = src[2:]
		case 3:
			if len(src) < 4 {
				return nil, fmt.Errorf("%w: snappy copy", ErrCorrupt)
			}
			length = int(tag>>2) + 1
			offset = int(binary.LittleEndian.Uint32(src))
			src = src[4:]
		}
		if offset <= 0 || offset > len(dst) || len(dst)+length > int(n) {
			return nil, fmt.Errorf("%w: snappy copy offset %d length %d", ErrCorrupt, offset, length)
		}
		for i := 0; i < length; i++ {
			dst = append(dst, dst[len(dst)-offset])
		}
	}
	if len(dst) != int(n) {
		return nil, fmt.Errorf("%w: snappy produced %d of %d bytes", ErrCorrupt, len(dst), n)
	}
	return dst, nil
}
