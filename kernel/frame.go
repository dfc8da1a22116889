package kernel

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The supervisor and the worker exchange frames over a pair of pipes (the
// worker's fds 3 and 4). A frame is a 4-byte big-endian length followed by
// a JSON object; JSON keeps the pipe debuggable and the payloads are
// message contents that end up as JSON on the wire anyway.

// maxFrame bounds one frame so that a corrupted length cannot make the
// supervisor allocate without limit. Displays carry base64 images, so it is
// generous.
const maxFrame = 512 << 20

// frame is one supervisor↔worker message.
type frame struct {
	Type    string         `json:"t"`
	ID      uint64         `json:"id,omitempty"`
	Content map[string]any `json:"c,omitempty"`
}

func writeFrame(w io.Writer, f frame) error {
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("kernel: encoding %s frame: %w", f.Type, err)
	}
	if len(b) > maxFrame {
		return fmt.Errorf("kernel: %s frame of %d bytes exceeds %d", f.Type, len(b), maxFrame)
	}
	buf := make([]byte, 4+len(b))
	binary.BigEndian.PutUint32(buf, uint32(len(b)))
	copy(buf[4:], b)
	_, err = w.Write(buf)
	return err
}

func readFrame(r io.Reader) (frame, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return frame{}, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n > maxFrame {
		return frame{}, fmt.Errorf("kernel: frame length %d exceeds %d", n, maxFrame)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return frame{}, err
	}
	return decodeFrame(b)
}

func decodeFrame(b []byte) (frame, error) {
	var f frame
	if err := json.Unmarshal(b, &f); err != nil {
		return frame{}, fmt.Errorf("kernel: decoding frame: %w", err)
	}
	return f, nil
}

// frameBuffer accumulates bytes read from a pipe and splits complete frames.
type frameBuffer struct{ buf []byte }

// next returns the next complete frame, ok=false when more bytes are needed.
func (fb *frameBuffer) next() (f frame, ok bool, err error) {
	if len(fb.buf) < 4 {
		return frame{}, false, nil
	}
	n := binary.BigEndian.Uint32(fb.buf)
	if n > maxFrame {
		return frame{}, false, fmt.Errorf("kernel: frame length %d exceeds %d", n, maxFrame)
	}
	if len(fb.buf) < 4+int(n) {
		return frame{}, false, nil
	}
	body := fb.buf[4 : 4+n]
	f, err = decodeFrame(body)
	fb.buf = fb.buf[4+n:]
	if len(fb.buf) == 0 {
		fb.buf = nil // release large display payloads
	}
	return f, err == nil, err
}

// Helpers to read loosely typed JSON contents.

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func boolean(m map[string]any, k string, def bool) bool {
	if b, ok := m[k].(bool); ok {
		return b
	}
	return def
}

func integer(m map[string]any, k string, def int) int {
	switch v := m[k].(type) {
	case float64:
		return int(v)
	case int:
		return v
	case json.Number:
		if i, err := v.Int64(); err == nil {
			return int(i)
		}
	}
	return def
}

func dict(m map[string]any, k string) map[string]any {
	d, _ := m[k].(map[string]any)
	return d
}
