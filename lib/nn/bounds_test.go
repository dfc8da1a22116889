package nn

import (
	"strings"
	"testing"

	"github.com/eoslab/eoslab/internal/memory"
	"github.com/eoslab/eoslab/lib/ad"
)

// TestNewBounds: a width or depth beyond what can be built is an error
// naming the allowed range, not a panic from make.
func TestNewBounds(t *testing.T) {
	for _, cfg := range []Config{{Width: MaxWidth + 1}, {Depth: MaxDepth + 1}, {Width: 100000000}} {
		_, err := New("fc-tanh", []int{2}, 1, cfg)
		if err == nil || !strings.Contains(err.Error(), "want width 1..16384 and depth 1..1000") {
			t.Errorf("New(fc-tanh, %+v) = %v, want the allowed range", cfg, err)
		}
	}
}

// TestNewTooLargeForMemory: widths and depths within their ranges can still
// ask for more memory than the machine has (999 hidden layers of 16384² weights are 3.9 TiB with their gradient);
// that is an error naming the network, before anything is allocated, not a
// fatal "out of memory".
func TestNewTooLargeForMemory(t *testing.T) {
	if _, ok := memory.Available(); !ok {
		t.Skip("this system does not report its available memory")
	}
	_, err := New("fc-tanh", []int{20}, 4, Config{Width: MaxWidth, Depth: MaxDepth})
	want := "nn: fc-tanh's 268183797764 parameters and their gradient need 3.9 TiB of memory"
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "choose a smaller width or depth") {
		t.Errorf("New(fc-tanh, width 16384, depth 1000) = %v, want %q…", err, want)
	}
	big := []Param{{Name: "w", Shape: []int{1 << 40, 1 << 40}, Init: ZerosInit()}}
	_, err = NewGraphNet("huge", big, []int{2}, 1, func(g *ad.Graph, p []*ad.Tensor, x *ad.Tensor) (*ad.Tensor, error) { return x, nil })
	if err == nil || !strings.Contains(err.Error(), "nn: huge's 1208925819614629174706176 parameters") {
		t.Errorf("NewGraphNet with a 2⁸⁰-element parameter = %v, want a refusal naming it", err)
	}
}
