package nn

import (
	"strings"
	"testing"
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
