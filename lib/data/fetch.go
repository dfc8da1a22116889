package data

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// FetchOptions configures FetchCIFAR10. The zero value downloads the
// official archive into DefaultDir() silently.
type FetchOptions struct {
	// Dir receives cifar-10-batches-bin/. Empty means DefaultDir().
	Dir string
	// URL of the archive. Empty means CIFAR10URL.
	URL string
	// MD5 is the expected hex MD5 of the archive. Empty means
	// $EOSLAB_CIFAR10_MD5 when set, else CIFAR10MD5.
	MD5 string
	// Force downloads even when valid batch files are already in place.
	Force bool
	// Progress receives a progress bar (carriage-return updated, ending in
	// a newline) and status lines; nil is silent.
	Progress io.Writer
	// Client makes the request; nil means http.DefaultClient.
	Client *http.Client
}

// FetchCIFAR10 downloads the CIFAR-10 binary archive, checks its MD5, and
// extracts the batch files into Dir/cifar-10-batches-bin. It is atomic: the
// archive goes to a temporary file and is extracted into a temporary
// directory beside the destination, checked, and renamed into place, so an
// interrupted or failed fetch leaves any previous copy untouched and no
// partial directory. Only the batch files and batches.meta.txt are
// extracted; other archive members are ignored. It returns the directory
// holding the batch files.
func FetchCIFAR10(ctx context.Context, opt FetchOptions) (string, error) {
	dir, url, want, err := opt.resolve()
	if err != nil {
		return "", err
	}
	final := filepath.Join(dir, cifarSubdir)
	say := func(format string, args ...any) {
		if opt.Progress != nil {
			fmt.Fprintf(opt.Progress, format+"\n", args...)
		}
	}
	if !opt.Force {
		if err := checkBatchDir(final); err == nil {
			say("cifar10: already in %s (use --force to fetch again)", final)
			return final, nil
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("data: fetch cifar10: %w", err)
	}

	archive, err := os.CreateTemp(dir, ".cifar-10-binary-*.tar.gz")
	if err != nil {
		return "", fmt.Errorf("data: fetch cifar10: %w", err)
	}
	defer os.Remove(archive.Name())
	defer archive.Close()
	say("cifar10: downloading %s", url)
	sum, err := download(ctx, opt.Client, url, archive, opt.Progress)
	if err != nil {
		return "", err
	}
	if sum != want {
		return "", fmt.Errorf("data: fetch cifar10: checksum mismatch for %s: MD5 %s, want %s (corrupt or wrong download; nothing was extracted)", url, sum, want)
	}
	say("cifar10: MD5 %s ok", sum)

	tmp, err := os.MkdirTemp(dir, ".cifar-10-batches-bin-*")
	if err != nil {
		return "", fmt.Errorf("data: fetch cifar10: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := extractChecked(archive, tmp, url); err != nil {
		return "", err
	}
	if err := swapDir(tmp, final); err != nil {
		return "", err
	}
	forgetCIFAR()
	say("cifar10: extracted to %s", final)
	return final, nil
}

// resolve returns the options' directory, URL and expected MD5 with their
// defaults, and an error if the MD5 is not 32 hex digits.
func (opt FetchOptions) resolve() (dir, url, want string, err error) {
	dir = opt.Dir
	if dir == "" {
		dir = DefaultDir()
	}
	url = opt.URL
	if url == "" {
		url = CIFAR10URL
	}
	want = opt.MD5
	if want == "" {
		want = os.Getenv("EOSLAB_CIFAR10_MD5")
	}
	if want == "" {
		want = CIFAR10MD5
	}
	want = strings.ToLower(strings.TrimSpace(want))
	if _, err := hex.DecodeString(want); err != nil || len(want) != 32 {
		return "", "", "", fmt.Errorf("data: fetch cifar10: %q is not an MD5 (32 hex digits)", want)
	}
	return dir, url, want, nil
}

// extractChecked extracts the downloaded archive into tmp and checks that it
// holds the CIFAR-10 batch files.
func extractChecked(archive *os.File, tmp, url string) error {
	if _, err := archive.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("data: fetch cifar10: %w", err)
	}
	if err := extractBatches(archive, tmp); err != nil {
		return err
	}
	if err := checkBatchDir(tmp); err != nil {
		return fmt.Errorf("data: fetch cifar10: the archive from %s is not CIFAR-10 binary: %v", url, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("data: fetch cifar10: %w", err)
	}
	return nil
}

// swapDir moves tmp to final; an old copy is moved aside first and deleted
// only once the new one is in place.
func swapDir(tmp, final string) error {
	var old string
	if _, err := os.Lstat(final); err == nil {
		old = final + fmt.Sprintf(".old-%d", time.Now().UnixNano())
		if err := os.Rename(final, old); err != nil {
			return fmt.Errorf("data: fetch cifar10: moving the old %s aside: %w", final, err)
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		if old != "" {
			os.Rename(old, final)
		}
		return fmt.Errorf("data: fetch cifar10: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// download streams url into dst and returns the hex MD5 of what it wrote.
func download(ctx context.Context, client *http.Client, url string, dst io.Writer, progress io.Writer) (string, error) {
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", fmt.Errorf("data: fetch cifar10: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("data: fetch cifar10: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("data: fetch cifar10: GET %s: %s", url, resp.Status)
	}
	h := md5.New()
	var w io.Writer = io.MultiWriter(dst, h)
	var bar *progressBar
	if progress != nil {
		bar = &progressBar{w: progress, label: path.Base(req.URL.Path), total: resp.ContentLength, start: time.Now()}
		w = io.MultiWriter(w, bar)
	}
	n, err := io.Copy(w, resp.Body)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return "", fmt.Errorf("data: fetch cifar10: download interrupted after %d bytes: %w", n, err)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return "", fmt.Errorf("data: fetch cifar10: download truncated: %d of %d bytes", n, resp.ContentLength)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// cifarMembers are the archive members extracted.
var cifarMembers = map[string]bool{
	"data_batch_1.bin": true, "data_batch_2.bin": true, "data_batch_3.bin": true,
	"data_batch_4.bin": true, "data_batch_5.bin": true, "test_batch.bin": true,
	"batches.meta.txt": true,
}

// extractBatches writes the known members of the gzipped tar r into dir,
// accepting them at the top level or under cifar-10-batches-bin/.
func extractBatches(r io.Reader, dir string) error {
	z, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("data: fetch cifar10: not a gzip archive: %v", err)
	}
	tr := tar.NewReader(z)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("data: fetch cifar10: corrupt archive: %v", err)
		}
		name := path.Clean(strings.TrimPrefix(hdr.Name, "./"))
		d, base := path.Split(name)
		if hdr.Typeflag != tar.TypeReg || !cifarMembers[base] || (d != "" && d != cifarSubdir+"/") {
			continue
		}
		f, err := os.OpenFile(filepath.Join(dir, base), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
		if err != nil {
			return fmt.Errorf("data: fetch cifar10: %w", err)
		}
		_, err = io.Copy(f, io.LimitReader(tr, hdr.Size))
		if err == nil {
			err = f.Sync()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("data: fetch cifar10: extracting %s: %v", name, err)
		}
	}
}

// checkBatchDir checks that dir holds the six batch files with a whole,
// non-zero number of records each.
func checkBatchDir(dir string) error {
	for _, split := range []string{"train", "test"} {
		for _, name := range cifarBatches[split] {
			st, err := os.Stat(filepath.Join(dir, name))
			if err != nil {
				return fmt.Errorf("%s missing", name)
			}
			if st.Size() == 0 || st.Size()%cifarRecordBytes != 0 {
				return fmt.Errorf("%s has %d bytes, not a whole number of %d-byte records", name, st.Size(), cifarRecordBytes)
			}
		}
	}
	return nil
}

// forgetCIFAR drops cached CIFAR-10 splits and statistics after a fetch.
func forgetCIFAR() {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	for k := range rawCache {
		if strings.HasPrefix(k, "cifar10\x00") {
			delete(rawCache, k)
		}
	}
	for k := range statsCache {
		if strings.HasPrefix(k, "cifar10\x00") {
			delete(statsCache, k)
		}
	}
}

// progressBar draws "name  42% [=====>    ]  71.3/162.2 MB  9.8 MB/s" on
// one terminal line, redrawn at most ten times a second.
type progressBar struct {
	w         io.Writer
	label     string
	total, n  int64
	start     time.Time
	lastDraw  time.Time
	drawnOnce bool
}

func (b *progressBar) Write(p []byte) (int, error) {
	b.n += int64(len(p))
	if now := time.Now(); !b.drawnOnce || now.Sub(b.lastDraw) >= 100*time.Millisecond {
		b.draw(now)
	}
	return len(p), nil
}

func (b *progressBar) draw(now time.Time) {
	b.lastDraw, b.drawnOnce = now, true
	const mb = 1 << 20
	rate := ""
	if el := now.Sub(b.start).Seconds(); el > 0 {
		rate = fmt.Sprintf("  %.1f MB/s", float64(b.n)/mb/el)
	}
	if b.total > 0 {
		const width = 30
		frac := float64(b.n) / float64(b.total)
		if frac > 1 {
			frac = 1
		}
		fill := int(frac * width)
		bar := strings.Repeat("=", fill)
		if fill < width {
			bar += ">" + strings.Repeat(" ", width-fill-1)
		}
		fmt.Fprintf(b.w, "\r%s %3.0f%% [%s] %.1f/%.1f MB%s ", b.label, 100*frac, bar, float64(b.n)/mb, float64(b.total)/mb, rate)
		return
	}
	fmt.Fprintf(b.w, "\r%s %.1f MB%s ", b.label, float64(b.n)/mb, rate)
}

func (b *progressBar) finish() {
	b.draw(time.Now())
	fmt.Fprintln(b.w)
}
