package notebook

import (
	"bufio"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"
)

// Provenance says where the numbers of a headless run came from, so that a
// shared notebook tells its reader what produced it. Run stores it
// in metadata.eoslab.provenance with the start time and total wall time,
// and each executed cell's wall time in its metadata.eoslab.wall_seconds.
type Provenance struct {
	Version    string // eoslab's version
	Commit     string // the VCS revision the binary was built from ("+dirty" when modified)
	GoVersion  string
	CPU        string            // model name
	Extra      map[string]string // what the binary adds (e.g. the GEMM kernel in use)
	Parameters []Parameter       // the run's parameter overrides (-p), in order
}

// NewProvenance fills Commit, GoVersion and CPU from the running binary
// and machine.
func NewProvenance(version string) *Provenance {
	p := &Provenance{Version: version, GoVersion: runtime.Version(), CPU: cpuModel()}
	if info, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" && modified == "true" {
			rev += "+dirty"
		}
		p.Commit = rev
	}
	return p
}

// cpuModel is the first "model name" of /proc/cpuinfo, else GOARCH.
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// record writes p, the start time and the wall time so far into the
// notebook's metadata.eoslab.provenance.
func (p *Provenance) record(nb *Notebook, start time.Time) {
	md, _ := nb.Metadata["eoslab"].(map[string]any)
	if md == nil {
		md = map[string]any{}
	}
	pm := map[string]any{
		"eoslab_version": p.Version, "commit": p.Commit, "go_version": p.GoVersion, "cpu": p.CPU,
		"goos": runtime.GOOS, "goarch": runtime.GOARCH, "gomaxprocs": runtime.GOMAXPROCS(0),
		"start_time":   start.UTC().Format(time.RFC3339),
		"wall_seconds": roundSeconds(time.Since(start)),
	}
	for k, v := range p.Extra {
		pm[k] = v
	}
	if len(p.Parameters) > 0 {
		params := map[string]any{}
		for _, q := range p.Parameters {
			params[q.Name] = q.Value
		}
		pm["parameters"] = params
	}
	md["provenance"] = pm
	nb.Metadata["eoslab"] = md
}

// recordCell stores a cell's wall time in its metadata.eoslab.
func recordCell(c *Cell, d time.Duration) {
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	md, _ := c.Metadata["eoslab"].(map[string]any)
	if md == nil {
		md = map[string]any{}
	}
	md["wall_seconds"] = roundSeconds(d)
	c.Metadata["eoslab"] = md
}

func roundSeconds(d time.Duration) float64 {
	return float64(d.Round(time.Millisecond)) / float64(time.Second)
}
