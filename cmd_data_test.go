package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dataTestArchive builds a tar.gz with the layout of the official CIFAR-10
// binary archive, one record per batch file.
func dataTestArchive(t *testing.T) []byte {
	var buf bytes.Buffer
	z := gzip.NewWriter(&buf)
	tw := tar.NewWriter(z)
	for _, name := range []string{"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin", "batches.meta.txt"} {
		body := make([]byte, 3073)
		body[0] = 3
		if err := tw.WriteHeader(&tar.Header{Name: "cifar-10-batches-bin/" + name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(body)
	}
	tw.Close()
	z.Close()
	return buf.Bytes()
}

func TestDataFetchCommand(t *testing.T) {
	archive := dataTestArchive(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(archive)
	}))
	defer srv.Close()
	sum := md5.Sum(archive)
	tests := []struct {
		name    string
		args    []string
		env     string
		wantErr string
		wantOut string
	}{
		{"md5 flag", []string{"--md5", hex.EncodeToString(sum[:])}, "", "", "100%"},
		{"md5 env", []string{"--force"}, hex.EncodeToString(sum[:]), "", "100%"},
		{"official md5", []string{"--force"}, "", "checksum mismatch", ""},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		t.Setenv("EOSLAB_CIFAR10_MD5", tt.env)
		var stdout, stderr bytes.Buffer
		root := newRootCmd()
		root.SetOut(&stdout)
		root.SetErr(&stderr)
		root.SetArgs(append([]string{"data", "fetch", "cifar10", "--dir", dir, "--url", srv.URL + "/cifar-10-binary.tar.gz", "--md5", ""}, tt.args...))
		err := root.Execute()
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want %q", tt.name, err, tt.wantErr)
			}
			if _, err := os.Stat(filepath.Join(dir, "cifar-10-batches-bin")); err == nil {
				t.Errorf("%s: files extracted despite the failure", tt.name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !strings.Contains(stderr.String(), tt.wantOut) {
			t.Errorf("%s: stderr lacks %q: %q", tt.name, tt.wantOut, stderr.String())
		}
		want := filepath.Join(dir, "cifar-10-batches-bin")
		if strings.TrimSpace(stdout.String()) != want {
			t.Errorf("%s: stdout %q, want %q", tt.name, stdout.String(), want)
		}
		if _, err := os.Stat(filepath.Join(want, "test_batch.bin")); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}
