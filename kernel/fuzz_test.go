package kernel

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// fuzzSep separates frames in a fuzz input.
var fuzzSep = []byte("\x00|\x00")

// fuzzKey is the HMAC key of the fuzz targets: the fuzzer knows it, so its
// messages are signed and reach the decoder behind the signature check.
var fuzzKey = []byte("fuzz-key")

// FuzzDecode signs arbitrary header, parent, metadata and content frames
// with fuzzKey and decodes them: the decoder must never panic, what it
// accepts must survive a re-encode, a replay of it must be rejected, and a
// corrupted signature must be rejected. With raw set, data is split into
// frames as is (unsigned garbage, the path before the signature check).
// Seed corpus: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	frames, _ := NewSigner(fuzzKey).Encode(testMessage("execute_request"))
	f.Add(frames[2], frames[3], frames[4], frames[5], []byte("buf"), uint8(0))
	f.Add([]byte(`{"msg_type":"kernel_info_request","msg_id":"1"}`), []byte(""), []byte("null"), []byte("[]"), []byte(nil), uint8(1))
	f.Add([]byte(`{"msg_type":"x"}`), []byte(`{"a":[[[[[[[[1]]]]]]]]}`), []byte(`{}`), []byte(`{"code":"\ud800"}`), []byte(nil), uint8(2))
	f.Add(bytes.Join(frames, fuzzSep), []byte(nil), []byte(nil), []byte(nil), []byte(nil), uint8(3))
	f.Fuzz(func(t *testing.T, header, parent, metadata, content, buffer []byte, mode uint8) {
		s := NewSigner(fuzzKey)
		var in [][]byte
		if mode%4 == 3 {
			in = bytes.Split(header, fuzzSep)
		} else {
			sig := s.sign(header, parent, metadata, content)
			if mode%4 == 1 {
				sig = bytes.ToUpper(sig) // hex is case-insensitive
			}
			in = [][]byte{[]byte("id"), delimiter, sig, header, parent, metadata, content}
			if len(buffer) > 0 {
				in = append(in, buffer)
			}
		}
		m, err := s.Decode(in)
		if err != nil {
			if mode%4 != 3 && errors.Is(err, ErrBadSignature) {
				t.Fatalf("correctly signed message rejected as unsigned: %v", err)
			}
			return
		}
		if _, err := s.Decode(in); !errors.Is(err, ErrReplayed) {
			t.Fatalf("replayed message: err %v, want ErrReplayed", err)
		}
		if mode%4 == 2 {
			bad := slices.Clone(in)
			bad[2] = bytes.Clone(bad[2])
			bad[2][0] ^= 1
			if _, err := NewSigner(fuzzKey).Decode(bad); !errors.Is(err, ErrBadSignature) {
				t.Fatalf("corrupted signature: err %v, want ErrBadSignature", err)
			}
		}
		again, err := s.Encode(m)
		if err != nil {
			t.Fatalf("accepted message does not re-encode: %v", err)
		}
		m2, err := NewSigner(fuzzKey).Decode(again)
		if err != nil {
			t.Fatalf("re-encoded message rejected: %v", err)
		}
		if m2.Header != m.Header || len(m2.Buffers) != len(m.Buffers) {
			t.Fatalf("round trip changed the message")
		}
	})
}
