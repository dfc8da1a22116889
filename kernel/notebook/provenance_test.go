package notebook

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// TestRunNotebookProvenance: a run with Provenance says in the notebook
// what produced it and when, and how long each cell took; the metadata
// survives the notebook's write–read round trip.
func TestRunNotebookProvenance(t *testing.T) {
	nb := &Notebook{Format: 4, FormatMinor: 5, Metadata: map[string]any{}, Cells: []*Cell{
		{Type: "markdown", Source: "# title"}, hlCodeCell("out:a"), hlCodeCell("result:42"),
	}}
	p := NewProvenance("1.2.3")
	p.Extra = map[string]string{"gemm_kernel": "generic"}
	before := time.Now().Add(-time.Second)
	if err := Run(context.Background(), &hlFakeExec{}, nb, RunOptions{Provenance: p}); err != nil {
		t.Fatal(err)
	}
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	pm := dict(dict(back.Metadata, "eoslab"), "provenance")
	start, err := time.Parse(time.RFC3339, str(pm, "start_time"))
	if err != nil || start.Before(before.Truncate(time.Second)) || start.After(time.Now()) {
		t.Errorf("start_time %q: %v", str(pm, "start_time"), err)
	}
	for k, want := range map[string]string{"eoslab_version": "1.2.3", "go_version": runtime.Version(), "gemm_kernel": "generic", "cpu": cpuModel()} {
		if str(pm, k) != want || want == "" {
			t.Errorf("provenance %s = %q, want %q", k, str(pm, k), want)
		}
	}
	for _, i := range []int{1, 2} {
		if _, ok := dict(back.Cells[i].Metadata, "eoslab")["wall_seconds"]; !ok {
			t.Errorf("cell %d has no wall time: %v", i, back.Cells[i].Metadata)
		}
	}
	if _, ok := back.Cells[0].Metadata["eoslab"]; ok {
		t.Errorf("markdown cell got a wall time")
	}
}

// str reads a string field of notebook metadata.
func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

// dict reads an object field of notebook metadata.
func dict(m map[string]any, k string) map[string]any {
	d, _ := m[k].(map[string]any)
	return d
}
