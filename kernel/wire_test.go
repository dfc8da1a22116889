package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

func testMessage(msgType string) *WireMessage {
	return &WireMessage{
		Identities: [][]byte{[]byte("client-1")},
		Header:     NewHeader(msgType, "s1"),
		Parent:     json.RawMessage(`{"msg_id":"p"}`),
		Metadata:   json.RawMessage(`{"m":1}`),
		Content:    json.RawMessage(`{"code":"1+2","silent":false}`),
		Buffers:    [][]byte{[]byte("buf")},
	}
}

func TestWireRoundTrip(t *testing.T) {
	for _, key := range []string{"", "secret"} {
		s := NewSigner([]byte(key))
		in := testMessage("execute_request")
		frames, err := s.Encode(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(frames[2]) > 0; got != (key != "") {
			t.Errorf("key %q: signature present %v", key, got)
		}
		out, err := NewSigner([]byte(key)).Decode(frames)
		if err != nil {
			t.Fatalf("key %q: %v", key, err)
		}
		if !bytes.Equal(out.Identities[0], in.Identities[0]) || out.Header != in.Header ||
			string(out.Parent) != string(in.Parent) || string(out.Content) != string(in.Content) ||
			string(out.Metadata) != string(in.Metadata) || string(out.Buffers[0]) != "buf" {
			t.Errorf("key %q: round trip changed the message: %+v", key, out)
		}
		// The codec decodes the content into its request struct once.
		if req, ok := out.Request.(*executeRequest); !ok || out.RequestErr != nil || req.Code != "1+2" || req.Silent || req.StopOnError != nil {
			t.Errorf("key %q: decoded request %#v (%v)", key, out.Request, out.RequestErr)
		}
		// The raw header is kept for replies' parent_header.
		var h Header
		if json.Unmarshal(out.RawHeader(), &h) != nil || h != in.Header {
			t.Errorf("raw header %s", out.RawHeader())
		}
	}
}

// Known-answer check of the signature against Python's
// hmac.new(b"key", header+parent+metadata+content, sha256).hexdigest().
func TestSignatureKnownAnswer(t *testing.T) {
	s := NewSigner([]byte("key"))
	got := string(s.sign([]byte(`{"a":1}`), []byte(`{}`), []byte(`{}`), []byte(`{}`)))
	const want = "f1128388193e4dd1aa760827bd756a1b40b627676b5efe22c0e8297919bfa218"
	if got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
}

func TestWireRejects(t *testing.T) {
	good := func() [][]byte {
		f, err := NewSigner([]byte("k")).Encode(testMessage("execute_request"))
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	tests := []struct {
		name   string
		mutate func([][]byte) [][]byte
		want   error
		substr string
	}{
		{"no delimiter", func(f [][]byte) [][]byte { return f[:1] }, nil, "delimiter"},
		{"too few frames", func(f [][]byte) [][]byte { return f[:5] }, nil, "frames"},
		{"unsigned", func(f [][]byte) [][]byte { f[2] = nil; return f }, ErrBadSignature, ""},
		{"wrong signature", func(f [][]byte) [][]byte { f[2] = bytes.Repeat([]byte("0"), 64); return f }, ErrBadSignature, ""},
		{"tampered content", func(f [][]byte) [][]byte { f[6] = []byte(`{"code":"os.Exit(1)"}`); return f }, ErrBadSignature, ""},
		{"tampered header", func(f [][]byte) [][]byte {
			f[3] = bytes.Replace(f[3], []byte("execute"), []byte("shutdown"), 1)
			return f
		}, ErrBadSignature, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewSigner([]byte("k")).Decode(tt.mutate(good()))
			if err == nil {
				t.Fatal("accepted")
			}
			if tt.want != nil && !errors.Is(err, tt.want) || tt.substr != "" && !strings.Contains(err.Error(), tt.substr) {
				t.Errorf("error %v, want %v %q", err, tt.want, tt.substr)
			}
		})
	}
}

func TestWireBadJSONSigned(t *testing.T) {
	s := NewSigner(nil) // unsigned mode: only the JSON checks apply
	base := func() [][]byte { f, _ := s.Encode(testMessage("x")); return f }
	for i, name := range map[int]string{3: "header", 4: "parent", 5: "metadata", 6: "content"} {
		f := base()
		f[i] = []byte("[not json")
		if _, err := s.Decode(f); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("bad %s: %v", name, err)
		}
	}
	f := base()
	f[3] = []byte(`{"msg_id":"x"}`)
	if _, err := s.Decode(f); err == nil || !strings.Contains(err.Error(), "msg_type") {
		t.Errorf("header without msg_type: %v", err)
	}
}

func TestReplayRejected(t *testing.T) {
	s := NewSigner([]byte("k"))
	f, _ := s.Encode(testMessage("execute_request"))
	if _, err := s.Decode(f); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decode(f); !errors.Is(err, ErrReplayed) {
		t.Errorf("replay: %v", err)
	}
	// A new message with the same content is not a replay (new msg_id).
	g, _ := s.Encode(testMessage("execute_request"))
	if _, err := s.Decode(g); err != nil {
		t.Errorf("fresh message: %v", err)
	}
}

func TestReplayWindowBounded(t *testing.T) {
	s := NewSigner([]byte("k"))
	for i := 0; i < replayWindow+10; i++ {
		s.remember(strconv.Itoa(i))
	}
	if len(s.seen) != replayWindow || len(s.ring) != replayWindow {
		t.Errorf("window holds %d/%d, want %d", len(s.seen), len(s.ring), replayWindow)
	}
}

func TestDecodeRequest(t *testing.T) {
	tests := []struct {
		msgType, content string
		check            func(any) bool
		errHas           string
	}{
		{"execute_request", `{"code":"x"}`, func(r any) bool {
			e := r.(*executeRequest)
			return e.Code == "x" && e.StoreHistory == nil && e.StopOnError == nil && !e.Silent
		}, ""},
		{"execute_request", `{"code":"x","store_history":false,"stop_on_error":false,"user_expressions":{"a":"1"}}`, func(r any) bool {
			e := r.(*executeRequest)
			return !*e.StoreHistory && !*e.StopOnError && e.UserExpressions["a"] == "1"
		}, ""},
		{"execute_request", `{"code":5}`, nil, `key "code" is a JSON number, want string`},
		{"complete_request", `{"code":"é","cursor_pos":null}`, func(r any) bool { return r.(*codeRequest).cursor() == 2 }, ""},
		{"complete_request", `{"code":"é.x","cursor_pos":1}`, func(r any) bool { return r.(*codeRequest).cursor() == 2 }, ""},
		{"history_request", `{"hist_access_type":"tail"}`, func(r any) bool {
			h := r.(*historyRequest)
			return h.N == nil && h.Start == nil && h.HistAccessType == "tail"
		}, ""},
		{"history_request", `{"n":"ten"}`, nil, `key "n" is a JSON string, want integer`},
		{"shutdown_request", ``, func(r any) bool { return !r.(*shutdownRequest).Restart }, ""},
		{"input_reply", `{"value":"v"}`, func(r any) bool { return r.(*inputReply).Value == "v" }, ""},
		{"kernel_info_request", `{"anything":1}`, func(r any) bool { return r == nil }, ""},
	}
	for _, tt := range tests {
		req, err := decodeRequest(tt.msgType, []byte(tt.content))
		switch {
		case tt.errHas != "":
			if err == nil || !strings.Contains(err.Error(), tt.errHas) || !strings.Contains(err.Error(), tt.msgType) {
				t.Errorf("%s %s: err %v, want one naming %s", tt.msgType, tt.content, err, tt.errHas)
			}
		case err != nil || !tt.check(req):
			t.Errorf("%s %s: got %#v, %v", tt.msgType, tt.content, req, err)
		}
	}
}
