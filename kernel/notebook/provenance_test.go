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
	eoslab, _ := back.Metadata["eoslab"].(map[string]any)
	pm, _ := eoslab["provenance"].(map[string]any)
	startText, _ := pm["start_time"].(string)
	start, err := time.Parse(time.RFC3339, startText)
	if err != nil || start.Before(before.Truncate(time.Second)) || start.After(time.Now()) {
		t.Errorf("start_time %q: %v", startText, err)
	}
	for k, want := range map[string]string{"eoslab_version": "1.2.3", "go_version": runtime.Version(), "gemm_kernel": "generic", "cpu": cpuModel()} {
		if pm[k] != want || want == "" {
			t.Errorf("provenance %s = %v, want %q", k, pm[k], want)
		}
	}
	for _, i := range []int{1, 2} {
		cell, _ := back.Cells[i].Metadata["eoslab"].(map[string]any)
		if _, ok := cell["wall_seconds"]; !ok {
			t.Errorf("cell %d has no wall time: %v", i, back.Cells[i].Metadata)
		}
	}
	if _, ok := back.Cells[0].Metadata["eoslab"]; ok {
		t.Errorf("markdown cell got a wall time")
	}
}
