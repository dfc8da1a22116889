package supervisor

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// spool keeps the part of a cell's stdout and stderr beyond the per-cell
// output limit, one file per stream under dir, so that nothing a cell
// prints is lost: every byte is either delivered to the client or in the
// file that the cell's last notice names.
type spool struct {
	dir   string
	files [2]*os.File
	bufs  [2]*bufio.Writer
	bytes [2]int   // bytes kept in each file
	lost  [2]int   // bytes neither delivered nor kept (after err)
	err   [2]error // why a stream could not be kept
}

// path is the file of stream i ("" before anything was kept).
func (s *spool) path(i int) string {
	if s.files[i] == nil {
		return ""
	}
	return s.files[i].Name()
}

// write keeps b for stream i, creating its file on first use.
func (s *spool) write(i int, b []byte) {
	if s.err[i] == nil && s.files[i] == nil {
		s.err[i] = s.create(i)
	}
	if s.err[i] == nil {
		_, s.err[i] = s.bufs[i].Write(b)
	}
	if s.err[i] != nil {
		s.lost[i] += len(b)
		return
	}
	s.bytes[i] += len(b)
}

func (s *spool) create(i int) error {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(s.dir, "cell-*-"+streamNames[i]+".txt")
	if err != nil {
		return err
	}
	s.files[i], s.bufs[i] = f, bufio.NewWriterSize(f, 1<<20)
	return nil
}

// close flushes and closes the files and returns one notice per stream
// that overflowed, naming the file and its size, then resets s.
func (s *spool) close(limit int) []string {
	var notes []string
	for i := range s.files {
		if f := s.files[i]; f != nil {
			if err := s.bufs[i].Flush(); err != nil && s.err[i] == nil {
				s.err[i] = err
			}
			if err := f.Close(); err != nil && s.err[i] == nil {
				s.err[i] = err
			}
		}
		switch {
		case s.err[i] != nil:
			notes = append(notes, fmt.Sprintf("\n[eoslab: output limit of %s per cell reached; %s of %s could not be kept (%v)%s; %s]\n",
				byteSize(limit), byteSize(s.lost[i]), streamNames[i], s.err[i], s.keptPart(i), limitHint))
		case s.bytes[i] > 0:
			notes = append(notes, fmt.Sprintf("\n[eoslab: output limit of %s per cell reached; the remaining %s of %s are in %s; %s]\n",
				byteSize(limit), byteSize(s.bytes[i]), streamNames[i], s.path(i), limitHint))
		}
	}
	*s = spool{dir: s.dir}
	return notes
}

func (s *spool) keptPart(i int) string {
	if s.bytes[i] == 0 {
		return ""
	}
	return fmt.Sprintf(", %s before that are in %s", byteSize(s.bytes[i]), s.path(i))
}

// limitHint says how to change the limit.
const limitHint = "set " + OutputLimitEnv + " (e.g. 64MiB) before starting the kernel to change the limit"

// limitNotice is the first notice of a cell reaching the limit on stream i.
func (w *worker) limitNotice(i int) string {
	if p := w.spool.path(i); p != "" {
		return fmt.Sprintf("\n[eoslab: output limit of %s per cell reached; the rest of this cell's %s goes to %s]\n", byteSize(w.cfg.MaxOutputBytes), streamNames[i], p)
	}
	return fmt.Sprintf("\n[eoslab: output limit of %s per cell reached; the rest of this cell's %s cannot be kept: %v]\n", byteSize(w.cfg.MaxOutputBytes), streamNames[i], w.spool.err[i])
}

// DefaultOutputLimit is the per-cell output limit when none is set.
const DefaultOutputLimit = 8 << 20

// OutputLimitEnv names the environment variable that sets the per-cell
// output limit (vocab.OutputLimitEnv, which dsl's %help names too).
const OutputLimitEnv = vocab.OutputLimitEnv

// OutputLimitFromEnv returns the limit set by OutputLimitEnv, or 0 (the
// default) when it is unset or empty.
func OutputLimitFromEnv() (int, error) {
	v := strings.TrimSpace(os.Getenv(OutputLimitEnv))
	if v == "" {
		return 0, nil
	}
	n, err := parseByteSize(v)
	if err != nil {
		return 0, fmt.Errorf("supervisor: %s=%q: %v", OutputLimitEnv, v, err)
	}
	return n, nil
}

func parseByteSize(v string) (int, error) {
	num := strings.TrimRight(v, "KMGiB")
	unit := strings.TrimSpace(v[len(num):])
	mult, ok := map[string]int{"": 1, "B": 1, "K": 1 << 10, "KiB": 1 << 10, "M": 1 << 20, "MiB": 1 << 20, "G": 1 << 30, "GiB": 1 << 30}[unit]
	n, err := strconv.Atoi(strings.TrimSpace(num))
	if !ok || err != nil {
		return 0, fmt.Errorf("want a byte count such as 65536, 64KiB or 64MiB")
	}
	if n < 1 || n > (1<<30)/mult || n*mult < 1<<10 {
		return 0, fmt.Errorf("allowed range is 1KiB to 1GiB")
	}
	return n * mult, nil
}
