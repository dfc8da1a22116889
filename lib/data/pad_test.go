package data

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// TestImagePadding checks Options.Pad on MNIST and CIFAR-10: the shape grows
// by 2·Pad per side, the interior is the unpadded set bit for bit (same
// standardization, at any downsampling), every added pixel is exactly 0,
// labels and targets are unchanged, and loads are deterministic across
// GOMAXPROCS.
func TestImagePadding(t *testing.T) {
	withCIFARRecords(t, 4)
	root := t.TempDir()
	dir := filepath.Join(root, cifarSubdir)
	os.Mkdir(dir, 0o755)
	tinyCIFAR(t, dir)
	for _, tt := range []struct {
		name  string
		opt   Options
		shape []int
	}{
		{"mnist-200", Options{Pad: 2}, []int{1, 32, 32}},
		{"mnist-50:test", Options{Pad: 2}, []int{1, 32, 32}},
		{"mnist-100", Options{Downsample: 2, Pad: 9}, []int{1, 32, 32}},
		{"mnist-30", Options{Downsample: 4, Pad: 1, Classes: []int{3, 8}}, []int{1, 9, 9}},
		{"mnist-10", Options{Pad: MaxPad}, []int{1, 28 + 2*MaxPad, 28 + 2*MaxPad}},
		{"cifar10-7", Options{Dir: root, Pad: 3}, []int{3, 38, 38}},
		{"cifar10-5", Options{Dir: root, Downsample: 2, Pad: 8}, []int{3, 32, 32}},
	} {
		plain := tt.opt
		plain.Pad = 0
		want, err := Load(tt.name, plain)
		if err != nil {
			t.Fatal(err)
		}
		var got [2]*Set
		for i, procs := range []int{1, 2} {
			prev := runtime.GOMAXPROCS(procs)
			got[i], err = Load(tt.name, tt.opt)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatalf("Load(%q, %+v): %v", tt.name, tt.opt, err)
			}
		}
		s := got[0]
		if !reflect.DeepEqual(got[0], got[1]) {
			t.Errorf("%s %+v: differs between GOMAXPROCS 1 and 2", tt.name, tt.opt)
		}
		checkSet(t, s, want.N(), tt.shape, want.Outputs)
		if !reflect.DeepEqual(s.Labels, want.Labels) || !reflect.DeepEqual(s.Y, want.Y) {
			t.Errorf("%s %+v: padding changed the labels or targets", tt.name, tt.opt)
		}
		checkPadded(t, tt.name, s, want, tt.opt.Pad)
	}
}

// checkPadded compares every value of padded with the unpadded set plain.
func checkPadded(t *testing.T, name string, padded, plain *Set, pad int) {
	t.Helper()
	c, h, w := plain.Shape[0], plain.Shape[1], plain.Shape[2]
	ph, pw := padded.Shape[1], padded.Shape[2]
	for i := 0; i < plain.N(); i++ {
		img := padded.X[i*c*ph*pw : (i+1)*c*ph*pw]
		for ch := 0; ch < c; ch++ {
			for y := 0; y < ph; y++ {
				for x := 0; x < pw; x++ {
					got := img[(ch*ph+y)*pw+x]
					want := 0.0
					if y >= pad && y < pad+h && x >= pad && x < pad+w {
						want = plain.X[((i*c+ch)*h+y-pad)*w+x-pad]
					}
					if got != want {
						t.Fatalf("%s pad %d: image %d (c=%d, y=%d, x=%d) = %v, want %v", name, pad, i, ch, y, x, got, want)
					}
				}
			}
		}
	}
}

func TestImagePaddingErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		opt  Options
		err  string
	}{
		{"mnist-10", Options{Pad: -1}, "padding -1 out of range: want 0 to 64"},
		{"mnist-10", Options{Pad: MaxPad + 1}, "padding 65 out of range: want 0 to 64"},
		{"moons", Options{Pad: 2}, "padding applies to image sets only"},
		{"sort-10", Options{Pad: 1}, "padding applies to image sets only"},
	} {
		if _, err := Load(tt.name, tt.opt); err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("Load(%q, %+v) error = %v, want %q", tt.name, tt.opt, err, tt.err)
		}
	}
}
