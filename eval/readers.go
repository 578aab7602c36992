package eval

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// readJSONL decodes one JSON object per non-empty line of rel into a new T
// and calls fn with the 0-based record number.
func readJSONL[T any](src Source, rel string, fn func(i int, rec *T) error) error {
	b, err := src.ReadFile(rel)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	i, line := 0, 0
	for sc.Scan() {
		line++
		l := bytes.TrimSpace(sc.Bytes())
		if len(l) == 0 {
			continue
		}
		var rec T
		if err := json.Unmarshal(l, &rec); err != nil {
			return fmt.Errorf("%s line %d: %w", rel, line, err)
		}
		if err := fn(i, &rec); err != nil {
			return fmt.Errorf("%s line %d: %w", rel, line, err)
		}
		i++
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", rel, err)
	}
	return nil
}

// readCSV returns the records of a headerless CSV file parsed as Python's
// csv.reader does with the default dialect on a file opened with
// newline="" (a UTF-8 BOM is dropped, as utf-8-sig does). Unlike Go's
// encoding/csv it keeps "\r\n" inside quoted fields. universalNewlines
// first turns "\r\n" and "\r" into "\n", as Python's default text mode
// does. Every record must have at least minFields fields.
func readCSV(src Source, rel string, minFields int, universalNewlines bool) ([][]string, error) {
	b, err := src.ReadFile(rel)
	if err != nil {
		return nil, err
	}
	text := strings.TrimPrefix(string(b), "\ufeff")
	if universalNewlines {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	recs := pyCSV(text)
	for i, rec := range recs {
		if len(rec) < minFields {
			return nil, fmt.Errorf("%s record %d: %d fields, want %d", rel, i+1, len(rec), minFields)
		}
	}
	return recs, nil
}

// pyCSV parses text like Python's csv.reader (delimiter ",", quotechar
// '"', doublequote, strict=False): a quote only opens a quoted field at the
// start of a field, characters after a closing quote are kept, and a record
// ends at "\n", "\r\n" or "\r" outside quotes. Empty lines give no record.
func pyCSV(text string) [][]string {
	var recs [][]string
	var rec []string
	var field strings.Builder
	const (
		startField = iota
		inField
		inQuoted
		quoteInQuoted
	)
	state := startField
	started := false
	endRecord := func() {
		if started {
			rec = append(rec, field.String())
			recs = append(recs, rec)
		}
		rec, started = nil, false
		field.Reset()
		state = startField
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch state {
		case startField, inField:
			switch {
			case c == '"' && state == startField:
				state, started = inQuoted, true
			case c == ',':
				rec = append(rec, field.String())
				field.Reset()
				state, started = startField, true
			case c == '\n' || c == '\r':
				endRecord()
				if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
					i++
				}
			default:
				field.WriteByte(c)
				state, started = inField, true
			}
		case inQuoted:
			if c == '"' {
				state = quoteInQuoted
			} else {
				field.WriteByte(c)
			}
		case quoteInQuoted:
			switch {
			case c == '"':
				field.WriteByte('"')
				state = inQuoted
			case c == ',':
				rec = append(rec, field.String())
				field.Reset()
				state = startField
			case c == '\n' || c == '\r':
				endRecord()
				if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
					i++
				}
			default:
				field.WriteByte(c)
				state = inField
			}
		}
	}
	if started || state != startField {
		started = true
		endRecord()
	}
	return recs
}

// readLines returns the lines of rel (bzip2-decompressed when rel ends in
// .bz2), without their "\n" or "\r\n" endings.
func readLines(src Source, rel string) ([]string, error) {
	b, err := src.ReadFile(rel)
	if err != nil {
		return nil, err
	}
	var r io.Reader = bytes.NewReader(b)
	if strings.HasSuffix(rel, ".bz2") {
		r = bzip2.NewReader(r)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	s := strings.TrimSuffix(string(raw), "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	return lines, nil
}

// pyIsSpace is Python's str.isspace for one character.
func pyIsSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// pyStrip is Python's str.strip() with no argument.
func pyStrip(s string) string { return strings.TrimFunc(s, pyIsSpace) }

// pyCapitalize is Python's str.capitalize(): the first character in title
// case, the rest in lower case.
func pyCapitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToTitle(r)) + strings.ToLower(s[size:])
}

// jsonKey is a document's content identity built from its raw fields.
func jsonKey(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
