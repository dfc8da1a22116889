package data

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// testArchive builds a cifar-10-binary.tar.gz look-alike with records
// records per batch file, plus extra members given as name → content.
func testArchive(t *testing.T, records int, extra map[string]string, skip string) ([]byte, map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	tw := tar.NewWriter(z)
	files := map[string][]byte{}
	add := func(name string, body []byte) {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(body)
	}
	tw.WriteHeader(&tar.Header{Name: cifarSubdir + "/", Mode: 0o755, Typeflag: tar.TypeDir})
	for i, name := range append(append([]string{}, cifarBatches["train"]...), cifarBatches["test"]...) {
		if name == skip {
			continue
		}
		b := make([]byte, records*cifarRecordBytes)
		for r := 0; r < records; r++ {
			b[r*cifarRecordBytes] = byte((r + i) % 10)
			for j := 1; j < cifarRecordBytes; j++ {
				b[r*cifarRecordBytes+j] = byte(j*7 + r*3 + i)
			}
		}
		files[name] = b
		add(cifarSubdir+"/"+name, b)
	}
	add(cifarSubdir+"/batches.meta.txt", []byte("airplane\nautomobile\n"))
	for name, body := range extra {
		add(name, []byte(body))
	}
	tw.Close()
	z.Close()
	return buf.Bytes(), files
}

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// serve serves body at /cifar-10-binary.tar.gz and counts requests.
func serve(t *testing.T, body []byte, truncate bool) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path != "/cifar-10-binary.tar.gz" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		if truncate {
			w.Write(body[:len(body)/2])
			return // the server closes the connection short of Content-Length
		}
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// leftovers lists the temporary files a fetch may have left in dir.
func leftovers(t *testing.T, dir string) []string {
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestFetchCIFAR10(t *testing.T) {
	withCIFARRecords(t, 3)
	archive, files := testArchive(t, 3, map[string]string{
		"../evil.bin":                    "outside",
		cifarSubdir + "/../../evil2.bin": "outside",
		"other/data_batch_1.bin":         "wrong directory",
		cifarSubdir + "/readme.html":     "ignored",
	}, "")
	srv, hits := serve(t, archive, false)
	url := srv.URL + "/cifar-10-binary.tar.gz"
	root := t.TempDir()
	dir := filepath.Join(root, "data")
	var progress bytes.Buffer
	got, err := FetchCIFAR10(context.Background(), FetchOptions{Dir: dir, URL: url, MD5: md5hex(archive), Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, cifarSubdir); got != want {
		t.Errorf("FetchCIFAR10 returned %q, want %q", got, want)
	}
	for name, body := range files {
		b, err := os.ReadFile(filepath.Join(got, name))
		if err != nil || !bytes.Equal(b, body) {
			t.Errorf("%s not extracted intact: %v", name, err)
		}
	}
	ents, _ := os.ReadDir(got)
	if len(ents) != 7 {
		t.Errorf("extracted %d files, want the 6 batches and batches.meta.txt", len(ents))
	}
	for _, p := range []string{filepath.Join(root, "evil.bin"), filepath.Join(dir, "evil.bin"), filepath.Join(dir, "evil2.bin")} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("archive member escaped to %s", p)
		}
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left behind: %v", l)
	}
	out := progress.String()
	for _, w := range []string{"cifar-10-binary.tar.gz", "100%", "[==============================]", "MD5 " + md5hex(archive) + " ok", "extracted to"} {
		if !strings.Contains(out, w) {
			t.Errorf("progress output lacks %q:\n%s", w, out)
		}
	}
	// The loader reads what was fetched.
	s, err := Load("cifar10-4", Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	checkSet(t, s, 4, []int{3, 32, 32}, 10)
	if !reflect.DeepEqual(s.Labels, []int{0, 1, 2, 1}) {
		t.Errorf("labels %v", s.Labels)
	}
	// Already there: no download.
	n := hits.Load()
	if _, err := FetchCIFAR10(context.Background(), FetchOptions{Dir: dir, URL: url, MD5: md5hex(archive)}); err != nil || hits.Load() != n {
		t.Errorf("second fetch: err %v, %d new requests", err, hits.Load()-n)
	}
	// Force: downloads again and replaces the directory.
	os.WriteFile(filepath.Join(got, "stale"), []byte("x"), 0o644)
	t.Setenv("EOSLAB_CIFAR10_MD5", strings.ToUpper(md5hex(archive)))
	if _, err := FetchCIFAR10(context.Background(), FetchOptions{Dir: dir, URL: url, Force: true}); err != nil || hits.Load() != n+1 {
		t.Fatalf("forced fetch: err %v, %d new requests", err, hits.Load()-n)
	}
	if _, err := os.Stat(filepath.Join(got, "stale")); err == nil {
		t.Error("forced fetch kept the old directory's files")
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary files left behind: %v", l)
	}
}

func TestFetchCIFAR10Failures(t *testing.T) {
	good, _ := testArchive(t, 1, nil, "")
	incomplete, _ := testArchive(t, 1, nil, "data_batch_5.bin")
	notGzip := []byte("<html>not found</html>")
	tests := []struct {
		name     string
		body     []byte
		md5      string
		path     string
		truncate bool
		want     string
	}{
		{"checksum", good, strings.Repeat("0", 32), "", false, "checksum mismatch"},
		{"default checksum", good, "", "", false, "want " + CIFAR10MD5},
		{"bad md5 option", good, "xyz", "", false, "not an MD5"},
		{"not found", good, md5hex(good), "/missing.tar.gz", false, "404"},
		{"truncated", good, md5hex(good), "", true, "cifar10"},
		{"incomplete archive", incomplete, md5hex(incomplete), "", false, "data_batch_5.bin missing"},
		{"not gzip", notGzip, md5hex(notGzip), "", false, "not a gzip archive"},
	}
	for _, tt := range tests {
		srv, _ := serve(t, tt.body, tt.truncate)
		p := tt.path
		if p == "" {
			p = "/cifar-10-binary.tar.gz"
		}
		dir := t.TempDir()
		// A previous good copy must survive any failure.
		prev := filepath.Join(dir, cifarSubdir)
		os.Mkdir(prev, 0o755)
		os.WriteFile(filepath.Join(prev, "marker"), []byte("old"), 0o644)
		_, err := FetchCIFAR10(context.Background(), FetchOptions{Dir: dir, URL: srv.URL + p, MD5: tt.md5, Force: true})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "data: fetch cifar10: ") {
			t.Errorf("%s: error %v, want %q", tt.name, err, tt.want)
		}
		if b, err := os.ReadFile(filepath.Join(prev, "marker")); err != nil || string(b) != "old" {
			t.Errorf("%s: the previous copy was disturbed", tt.name)
		}
		if l := leftovers(t, dir); len(l) != 0 {
			t.Errorf("%s: temporary files left behind: %v", tt.name, l)
		}
	}
	// A cancelled context stops the download.
	srv, _ := serve(t, good, false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := FetchCIFAR10(ctx, FetchOptions{Dir: t.TempDir(), URL: srv.URL + "/cifar-10-binary.tar.gz", MD5: md5hex(good)}); err == nil || !strings.Contains(err.Error(), "canceled") {
		t.Errorf("cancelled fetch: %v", err)
	}
}

func TestProgressBar(t *testing.T) {
	var out bytes.Buffer
	b := &progressBar{w: &out, label: "x.tar.gz", total: 4 << 20}
	b.Write(make([]byte, 1<<20))
	b.Write(make([]byte, 1<<20))
	b.finish()
	s := out.String()
	if !strings.Contains(s, "\rx.tar.gz  25% [=======>") || !strings.Contains(s, " 50% [===============>") || !strings.Contains(s, "2.0/4.0 MB") || !strings.HasSuffix(s, "\n") {
		t.Errorf("progress bar output %q", s)
	}
	out.Reset()
	u := &progressBar{w: &out, label: "y", total: -1}
	u.Write(make([]byte, 3<<20))
	u.finish()
	if !strings.Contains(out.String(), "y 3.0 MB") {
		t.Errorf("unknown-length progress %q", out.String())
	}
}
