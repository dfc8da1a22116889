package kernel

import (
	"bytes"
	"testing"
)

// fuzzSep separates frames in a fuzz input.
var fuzzSep = []byte("\x00|\x00")

// FuzzDecode feeds arbitrary frames to the wire decoder: it must never
// panic, and what it accepts must survive a re-encode.
// Seed corpus: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	for _, key := range []string{"", "k"} {
		frames, _ := NewSigner([]byte(key)).Encode(testMessage("execute_request"))
		f.Add(bytes.Join(frames, fuzzSep), key != "")
	}
	f.Fuzz(func(t *testing.T, data []byte, signed bool) {
		key := []byte(nil)
		if signed {
			key = []byte("k")
		}
		frames := bytes.Split(data, fuzzSep)
		m, err := NewSigner(key).Decode(frames)
		if err != nil {
			return
		}
		again, err := NewSigner(key).Encode(m)
		if err != nil {
			t.Fatalf("accepted message does not re-encode: %v", err)
		}
		m2, err := NewSigner(key).Decode(again)
		if err != nil {
			t.Fatalf("re-encoded message rejected: %v", err)
		}
		if m2.Header != m.Header || len(m2.Buffers) != len(m.Buffers) {
			t.Fatalf("round trip changed the message")
		}
	})
}

// FuzzFrameBuffer feeds arbitrary bytes to the worker-pipe decoder.
func FuzzFrameBuffer(f *testing.F) {
	var b bytes.Buffer
	writeFrame(&b, frame{Type: "execute_reply", ID: 7, Content: map[string]any{"status": "ok"}})
	writeFrame(&b, frame{Type: "ready"})
	f.Add(b.Bytes())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		fb := frameBuffer{buf: append([]byte(nil), data...)}
		for i := 0; i < 1000; i++ {
			_, ok, err := fb.next()
			if err != nil || !ok {
				return
			}
		}
	})
}
