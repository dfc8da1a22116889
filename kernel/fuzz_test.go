package kernel

import (
	"bytes"
	"errors"
	"github.com/eoslab/eoslab/kernel/vocab"
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

// FuzzParseNotebook: any bytes give a notebook or an error, and a parsed
// notebook marshals and parses again.
func FuzzParseNotebook(f *testing.F) {
	f.Add([]byte(`{"cells":[{"cell_type":"code","source":["1+2"],"metadata":{"tags":["parameters"]},"outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}`))
	f.Add([]byte(`{"cells":[{"cell_type":"markdown","source":"# t"},{"cell_type":"raw","source":3}],"nbformat":4}`))
	f.Add([]byte(`{"cells":null,"nbformat":3}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		nb, err := ParseNotebook(data)
		if err != nil {
			return
		}
		b, err := nb.Marshal()
		if err != nil {
			t.Fatalf("parsed notebook does not marshal: %v", err)
		}
		if _, err := ParseNotebook(b); err != nil {
			t.Fatalf("marshalled notebook does not parse: %v\n%s", err, b)
		}
	})
}

// FuzzSplitScript: a script splits into cells whose code comes from it.
func FuzzSplitScript(f *testing.F) {
	f.Add("x := 1\n// %%\nx\n// %% [markdown]\n// # t\n// %% tags=[\"parameters\"]\nlr := 0.1\n")
	f.Add("// %% tags=[\"x\"\r\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, c := range SplitScript(src) {
			if c.Line < 1 {
				t.Fatalf("cell at line %d", c.Line)
			}
		}
	})
}

// FuzzFrameBuffer feeds arbitrary bytes to the worker-pipe decoder.
func FuzzFrameBuffer(f *testing.F) {
	var b bytes.Buffer
	writeFrame(&b, frame{ID: 7, Msg: executeReplyMsg{Result: &vocab.Bundle{Data: map[string]any{"text/plain": "1"}}}})
	writeFrame(&b, frame{Msg: readyMsg{PID: 1}})
	writeFrame(&b, frame{ID: 2, Msg: queryReplyMsg{Matches: []string{"Println"}, Start: 4, End: 6}})
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
