package hook

import (
	"context"
	"testing"

	"github.com/eoslab/eoslab/kernel/vocab"
)

type named string

func (named) Display(*vocab.Bundle)                               {}
func (named) ClearOutput(bool)                                    {}
func (named) Input(context.Context, string, bool) (string, error) { return "", nil }
func (named) Payload(map[string]any)                              {}

func TestSetRestoresNested(t *testing.T) {
	if s, ctx := Current(); s != nil || ctx.Err() != nil {
		t.Fatalf("initial sink %v", s)
	}
	outer, cancel := context.WithCancel(context.Background())
	r1 := Set(outer, named("cell"))
	r2 := Set(context.Background(), named("capture"))
	if s, _ := Current(); s != named("capture") {
		t.Errorf("inner sink %v", s)
	}
	r2()
	cancel()
	if s, ctx := Current(); s != named("cell") || ctx.Err() == nil {
		t.Errorf("after inner restore: %v, %v", s, ctx.Err())
	}
	r1()
	if s, _ := Current(); s != nil {
		t.Errorf("after outer restore: %v", s)
	}
}
