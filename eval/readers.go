package eval

import (
	"bufio"
	"bytes"
	"compress/bzip2"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"
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

// readCSV returns the records of a headerless CSV file (a UTF-8 BOM is
// dropped, as Python's utf-8-sig does), each with at least minFields fields.
func readCSV(src Source, rel string, minFields int) ([][]string, error) {
	b, err := src.ReadFile(rel)
	if err != nil {
		return nil, err
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rel, err)
	}
	for i, rec := range recs {
		if len(rec) < minFields {
			return nil, fmt.Errorf("%s record %d: %d fields, want %d", rel, i+1, len(rec), minFields)
		}
	}
	return recs, nil
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

// pyLStrip is Python's str.lstrip() with no argument.
func pyLStrip(s string) string { return strings.TrimLeftFunc(s, pyIsSpace) }

// pyCapitalize is Python's str.capitalize(): the first character in title
// case, the rest in lower case.
func pyCapitalize(s string) string {
	for i, r := range s {
		_ = i
		rest := s[len(string(r)):]
		return string(unicode.ToTitle(r)) + strings.ToLower(rest)
	}
	return s
}

// jsonKey is a document's content identity built from its raw fields.
func jsonKey(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
