package require

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// work is workSource, compiled into the test binary: the reference speed.
func work(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i % 7
	}
	return s
}

func TestWorkSourceMatches(t *testing.T) {
	b, err := os.ReadFile("work_test.go")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), workSource) {
		t.Error("workSource and work differ")
	}
}

// BenchmarkRequired compares Work of the loc module called from a cell
// (compiled into the %require worker) with the same function compiled into
// this binary, and with its source interpreted in a cell; "roundtrip" is a
// cell calling Work(0). ns/iter is the time per loop iteration of Work:
// compiled-cell and native agree but for the cell's round trip; the
// interpreted one is the 30-300× slower case that %require avoids.
func BenchmarkRequired(b *testing.B) {
	needGo(b)
	dir := localModuleDir(b)
	s := newSupervisor(b, builder(), "")
	mustRun(b, s, "%require "+dir+"\nimport \"example.com/loc\"")
	mustRun(b, s, workSource)
	const n = 20_000_000
	cases := []struct {
		name string
		n    int
		run  func(b *testing.B)
	}{
		{"roundtrip", 0, func(b *testing.B) { mustRun(b, s, "loc.Work(0)") }},
		{"compiled-cell", n, func(b *testing.B) { mustRun(b, s, fmt.Sprintf("loc.Work(%d)", n)) }},
		{"native", n, func(*testing.B) { sink = work(n) }},
		{"interpreted-cell", n / 20, func(b *testing.B) { mustRun(b, s, fmt.Sprintf("work(%d)", n/20)) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.run(b)
			}
			if c.n > 0 {
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(c.n), "ns/iter")
			}
		})
	}
}

var sink int
