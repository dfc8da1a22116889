package dsl

import (
	"context"
	"errors"
	"testing"

	"github.com/eoslab/eoslab/kernel"
)

type recordOutput struct {
	types    []string
	contents []map[string]any
	payload  []map[string]any
}

func (r *recordOutput) Send(t string, c map[string]any) {
	r.types = append(r.types, t)
	r.contents = append(r.contents, c)
}
func (r *recordOutput) Input(context.Context, string, bool) (string, error) { return "v", nil }
func (r *recordOutput) Payload(p map[string]any)                            { r.payload = append(r.payload, p) }

func TestWorkerOutputMessages(t *testing.T) {
	var r recordOutput
	o := workerOutput{&r}
	o.Display(&Bundle{Data: map[string]any{"text/plain": "a"}})
	o.Display(&Bundle{Data: map[string]any{"text/plain": "b"}, DisplayID: "bar"})
	o.Display(&Bundle{Data: map[string]any{"text/plain": "c"}, DisplayID: "bar", Update: true})
	o.Display(nil)
	o.ClearOutput(true)
	o.Payload(map[string]any{"source": "page"})
	tests := []struct {
		typ, text, id string
	}{
		{"display_data", "a", ""},
		{"display_data", "b", "bar"},
		{"update_display_data", "c", "bar"},
		{"clear_output", "", ""},
	}
	if len(r.types) != len(tests) {
		t.Fatalf("sent %v", r.types)
	}
	for i, tt := range tests {
		c := r.contents[i]
		if r.types[i] != tt.typ {
			t.Errorf("%d: type %s, want %s", i, r.types[i], tt.typ)
		}
		if tt.typ == "clear_output" {
			if c["wait"] != true {
				t.Errorf("clear_output content %v", c)
			}
			continue
		}
		data, _ := c["data"].(map[string]any)
		tr, _ := c["transient"].(map[string]any)
		if data["text/plain"] != tt.text || tr == nil || (tt.id != "" && tr["display_id"] != tt.id) || (tt.id == "" && len(tr) != 0) {
			t.Errorf("%d: content %v", i, c)
		}
		if _, ok := c["metadata"].(map[string]any); !ok {
			t.Errorf("%d: metadata missing: %v", i, c)
		}
	}
	if len(r.payload) != 1 || r.payload[0]["source"] != "page" {
		t.Errorf("payload %v", r.payload)
	}
}

func TestToKernelError(t *testing.T) {
	ce := &CellError{Name: "panic", Value: "x", Traceback: []string{"l1"}}
	var ke *kernel.CellError
	if !errors.As(toKernelError(ce), &ke) || ke.Name != "panic" || ke.Value != "x" || len(ke.Traceback) != 1 {
		t.Errorf("converted %v", toKernelError(ce))
	}
	plain := errors.New("plain")
	if toKernelError(plain) != plain {
		t.Error("plain errors must pass through")
	}
	if bundleContent(nil) != nil {
		t.Error("nil bundle must stay nil (no execute_result)")
	}
	if c := bundleContent(&Bundle{}); c["data"] == nil {
		t.Errorf("empty bundle: %v", c)
	}
}
