package ad

import (
	"strings"
	"testing"
)

// TestGraphConvGroupSizes checks the convolution rows of the op table
// against their hyper-dual references with examples lowered one at a
// time, two at a time and all together (convColumns decides; the table's
// small images otherwise always go together).
func TestGraphConvGroupSizes(t *testing.T) {
	defer func(c int) { convColumns = c }(convColumns)
	for _, c := range graphOpCases {
		if !strings.HasPrefix(c.name, "conv2d") {
			continue
		}
		l := convGeometry(convKey{c.shapes[0][1], c.shapes[0][2], c.shapes[0][3], c.shapes[1][0], c.shapes[1][2], 1, 1})
		for _, perGroup := range []int{1, 2, 3} {
			convColumns = perGroup * l.kdim * l.npix // an upper bound: stride 2 has fewer pixels
			if strings.HasSuffix(c.name, "stride1") {
				if got := l.groupSize(c.shapes[0][0]); got != min(perGroup, c.shapes[0][0]) {
					t.Fatalf("%s: group of %d examples, want %d", c.name, got, perGroup)
				}
			}
			checkAgainstJet(t, c)
		}
	}
}
