package gguf

import (
	"fmt"
	"strings"
)

// ValueType is the type tag of a metadata value, as stored in the file.
type ValueType uint32

// Metadata value types of GGUF (gguf.h, GGUF_TYPE_*).
const (
	TypeUint8   ValueType = 0
	TypeInt8    ValueType = 1
	TypeUint16  ValueType = 2
	TypeInt16   ValueType = 3
	TypeUint32  ValueType = 4
	TypeInt32   ValueType = 5
	TypeFloat32 ValueType = 6
	TypeBool    ValueType = 7
	TypeString  ValueType = 8
	TypeArray   ValueType = 9
	TypeUint64  ValueType = 10
	TypeInt64   ValueType = 11
	TypeFloat64 ValueType = 12
)

var valueTypeNames = [...]string{"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "bool", "string", "array", "uint64", "int64", "float64"}

func (t ValueType) String() string {
	if int(t) < len(valueTypeNames) {
		return valueTypeNames[t]
	}
	return fmt.Sprintf("ValueType(%d)", uint32(t))
}

// scalarSize is the encoded size of a fixed-size value type, 0 for string and array.
func (t ValueType) scalarSize() int {
	switch t {
	case TypeUint8, TypeInt8, TypeBool:
		return 1
	case TypeUint16, TypeInt16:
		return 2
	case TypeUint32, TypeInt32, TypeFloat32:
		return 4
	case TypeUint64, TypeInt64, TypeFloat64:
		return 8
	}
	return 0
}

// Value is one metadata value. X holds the Go value:
//
//	uint8 int8 uint16 int16 uint32 int32 float32 bool string uint64 int64 float64
//	Array (for TypeArray)
type Value struct {
	Type ValueType
	X    any
}

// Array is an array value. Values is a typed slice ([]uint8 ... []float64,
// []bool, []string) or, for nested arrays, []Array.
type Array struct {
	Elem   ValueType
	Values any
}

// Len returns the number of elements.
func (a Array) Len() int {
	switch v := a.Values.(type) {
	case []uint8:
		return len(v)
	case []int8:
		return len(v)
	case []uint16:
		return len(v)
	case []int16:
		return len(v)
	case []uint32:
		return len(v)
	case []int32:
		return len(v)
	case []float32:
		return len(v)
	case []bool:
		return len(v)
	case []string:
		return len(v)
	case []uint64:
		return len(v)
	case []int64:
		return len(v)
	case []float64:
		return len(v)
	case []Array:
		return len(v)
	}
	return 0
}

// KV is one metadata key and its value.
type KV struct {
	Key   string
	Value Value
}

// Uint returns v as a uint64 if it is a non-negative integer of any width.
func (v Value) Uint() (uint64, bool) {
	switch x := v.X.(type) {
	case uint8:
		return uint64(x), true
	case uint16:
		return uint64(x), true
	case uint32:
		return uint64(x), true
	case uint64:
		return x, true
	case int8:
		return uint64(x), x >= 0
	case int16:
		return uint64(x), x >= 0
	case int32:
		return uint64(x), x >= 0
	case int64:
		return uint64(x), x >= 0
	}
	return 0, false
}

// Int returns v as an int64 if it is an integer that fits.
func (v Value) Int() (int64, bool) {
	switch x := v.X.(type) {
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		return int64(x), x <= 1<<63-1
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case int64:
		return x, true
	}
	return 0, false
}

// Float returns v as a float64 if it is a number.
func (v Value) Float() (float64, bool) {
	switch x := v.X.(type) {
	case float32:
		return float64(x), true
	case float64:
		return x, true
	}
	if i, ok := v.Int(); ok {
		return float64(i), true
	}
	if u, ok := v.Uint(); ok {
		return float64(u), true
	}
	return 0, false
}

// String formats the value for people; arrays longer than 8 are summarised.
func (v Value) String() string {
	switch x := v.X.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case Array:
		return x.summary(8)
	}
	return fmt.Sprint(v.X)
}

func (a Array) summary(max int) string {
	n := a.Len()
	var b strings.Builder
	fmt.Fprintf(&b, "[%s x %d]", a.Elem, n)
	if n == 0 {
		return b.String()
	}
	b.WriteString(" [")
	show := n
	if show > max {
		show = max
	}
	for i := 0; i < show; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.elemString(i))
	}
	if n > show {
		b.WriteString(", ...")
	}
	b.WriteString("]")
	return b.String()
}

func (a Array) elemString(i int) string {
	switch v := a.Values.(type) {
	case []string:
		return fmt.Sprintf("%q", v[i])
	case []Array:
		return v[i].summary(4)
	case []uint8:
		return fmt.Sprint(v[i])
	case []int8:
		return fmt.Sprint(v[i])
	case []uint16:
		return fmt.Sprint(v[i])
	case []int16:
		return fmt.Sprint(v[i])
	case []uint32:
		return fmt.Sprint(v[i])
	case []int32:
		return fmt.Sprint(v[i])
	case []float32:
		return fmt.Sprint(v[i])
	case []bool:
		return fmt.Sprint(v[i])
	case []uint64:
		return fmt.Sprint(v[i])
	case []int64:
		return fmt.Sprint(v[i])
	case []float64:
		return fmt.Sprint(v[i])
	}
	return "?"
}

// Index returns element i of the array as a Go value (an Array for nested
// arrays), or nil if Values is not a slice type of this package. It panics
// if i is out of range, like a slice index.
func (a Array) Index(i int) any {
	switch v := a.Values.(type) {
	case []uint8:
		return v[i]
	case []int8:
		return v[i]
	case []uint16:
		return v[i]
	case []int16:
		return v[i]
	case []uint32:
		return v[i]
	case []int32:
		return v[i]
	case []float32:
		return v[i]
	case []bool:
		return v[i]
	case []string:
		return v[i]
	case []uint64:
		return v[i]
	case []int64:
		return v[i]
	case []float64:
		return v[i]
	case []Array:
		return v[i]
	}
	return nil
}
