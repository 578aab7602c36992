package eval

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// ErrMissingData is wrapped by every error about a dataset file that cannot
// be found; the message names the file and where it was looked for.
var ErrMissingData = errors.New("dataset file missing")

//go:embed data/*.tar.gz data/README.md
var embedded embed.FS

// Source gives the tasks their dataset files by path relative to a datasets
// folder laid out like ../shared/datasets ("mmlu/test/anatomy_test.csv").
type Source interface {
	// ReadFile returns the whole file. A missing file gives an error
	// wrapping ErrMissingData.
	ReadFile(rel string) ([]byte, error)
	// Glob lists the files matching pattern (path.Match syntax) in sorted
	// order.
	Glob(pattern string) ([]string, error)
	// String says where the data comes from, for messages and results.
	String() string
}

// Embedded returns the datasets compiled into hyoka (eval/data/*.tar.gz,
// packed from ../shared/datasets by scripts/pack-datasets.sh).
func Embedded() Source { return embeddedSource }

var embeddedSource = &archiveSource{name: "embedded", fsys: embedded, dir: "data"}

// OpenSource returns the datasets in dir. dir may be laid out like
// ../shared/datasets (one folder per task) or hold <task>.tar.gz archives as
// made by scripts/pack-datasets.sh; for each task a folder wins over an
// archive. An empty dir means Embedded().
func OpenSource(dir string) (Source, error) {
	if dir == "" {
		return Embedded(), nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("eval: data folder: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("eval: data folder %s is not a folder", dir)
	}
	return &dirSource{dir: dir, arch: &archiveSource{name: dir, fsys: os.DirFS(dir), dir: "."}}, nil
}

type dirSource struct {
	dir  string
	arch *archiveSource
}

func (s *dirSource) String() string { return s.dir }

func (s *dirSource) ReadFile(rel string) ([]byte, error) {
	if err := checkRel(rel); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(filepath.Join(s.dir, filepath.FromSlash(rel)))
	if err == nil {
		return b, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if s.arch.hasArchive(taskOf(rel)) {
		return s.arch.ReadFile(rel)
	}
	return nil, fmt.Errorf("%w: %s not found in %s (neither %s nor %s.tar.gz there)",
		ErrMissingData, rel, s.dir, filepath.Join(s.dir, filepath.FromSlash(rel)), taskOf(rel))
}

func (s *dirSource) Glob(pattern string) ([]string, error) {
	if err := checkRel(pattern); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(s.dir, taskOf(pattern))); err != nil && !s.arch.hasArchive(taskOf(pattern)) {
		return nil, fmt.Errorf("%w: %s: no folder %s and no %s.tar.gz in %s", ErrMissingData, pattern,
			filepath.Join(s.dir, taskOf(pattern)), taskOf(pattern), s.dir)
	} else if err == nil {
		m, err := fs.Glob(os.DirFS(s.dir), pattern)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		return m, nil
	}
	return s.arch.Glob(pattern)
}

// archiveSource reads <task>.tar.gz archives from fsys/dir, unpacking each
// archive into memory once.
type archiveSource struct {
	name string
	fsys fs.FS
	dir  string

	mu    sync.Mutex
	tasks map[string]map[string][]byte
}

func (s *archiveSource) String() string { return s.name }

func (s *archiveSource) hasArchive(task string) bool {
	_, err := fs.Stat(s.fsys, path.Join(s.dir, task+".tar.gz"))
	return err == nil
}

func (s *archiveSource) load(task string) (map[string][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.tasks[task]; ok {
		return m, nil
	}
	name := path.Join(s.dir, task+".tar.gz")
	raw, err := fs.ReadFile(s.fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w: no data for task folder %q in %s (%s missing)", ErrMissingData, task, s.name, name)
		}
		return nil, fmt.Errorf("eval: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("eval: %s: %w", name, err)
	}
	m := map[string][]byte{}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", name, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return nil, fmt.Errorf("eval: %s: %w", name, err)
		}
		m[path.Clean(h.Name)] = b
	}
	if s.tasks == nil {
		s.tasks = map[string]map[string][]byte{}
	}
	s.tasks[task] = m
	return m, nil
}

func (s *archiveSource) ReadFile(rel string) ([]byte, error) {
	if err := checkRel(rel); err != nil {
		return nil, err
	}
	m, err := s.load(taskOf(rel))
	if err != nil {
		return nil, err
	}
	b, ok := m[rel]
	if !ok {
		return nil, fmt.Errorf("%w: %s not found in %s (archive %s.tar.gz has no such member)", ErrMissingData, rel, s.name, taskOf(rel))
	}
	return b, nil
}

func (s *archiveSource) Glob(pattern string) ([]string, error) {
	if err := checkRel(pattern); err != nil {
		return nil, err
	}
	m, err := s.load(taskOf(pattern))
	if err != nil {
		return nil, err
	}
	var out []string
	for name := range m {
		ok, err := path.Match(pattern, name)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		if ok {
			out = append(out, name)
		}
	}
	sortStrings(out)
	return out, nil
}

func taskOf(rel string) string {
	if i := strings.IndexByte(rel, '/'); i >= 0 {
		return rel[:i]
	}
	return rel
}

func checkRel(rel string) error {
	if rel == "" || path.IsAbs(rel) || strings.HasPrefix(path.Clean(rel), "..") || path.Clean(rel) != rel {
		return fmt.Errorf("eval: bad dataset path %q", rel)
	}
	return nil
}
