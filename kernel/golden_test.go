package kernel

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-zeromq/zmq4"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/wire_golden.txt from the server's output")

// rawMessage is one message the server sent, with its content and metadata
// frames exactly as they left the kernel.
type rawMessage struct {
	msgType, parent   string
	content, metadata []byte
}

func (c *testClient) recvRaw(sock zmq4.Socket) rawMessage {
	m, raw := c.recvWire(sock)
	i := 0
	for !bytes.Equal(raw.Frames[i], delimiter) {
		i++
	}
	return rawMessage{m.Header.MsgType, headerID(m.Parent), raw.Frames[i+5], raw.Frames[i+4]}
}

// goldenExchange sends one request and records the reply and every iopub
// message of the request up to its idle status.
func (c *testClient) goldenExchange(out *bytes.Buffer, sock zmq4.Socket, label, msgType string, content map[string]any) {
	id := c.send(sock, c.signer, msgType, content)
	if msgType != "comm_open" { // comm_open has no reply
		var reply rawMessage
		for reply.parent != id {
			reply = c.recvRaw(sock)
		}
		fmt.Fprintf(out, "%s reply %s\n\tcontent %s\n\tmetadata %s\n", label, reply.msgType, reply.content, reply.metadata)
	}
	for {
		m := c.recvRaw(c.iopub)
		if m.parent != id {
			continue
		}
		fmt.Fprintf(out, "%s iopub %s\n\tcontent %s\n", label, m.msgType, m.content)
		if m.msgType == "status" && bytes.Contains(m.content, []byte(`"idle"`)) {
			return
		}
	}
}

// goldenAborted records the reply to an execute_request queued behind a
// failing cell (stop_on_error): status "aborted".
func (c *testClient) goldenAborted(out *bytes.Buffer) {
	bad := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "sleep:200\nerror:stop"})
	queued := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "print:never"})
	got := map[string]rawMessage{}
	for len(got) < 2 {
		m := c.recvRaw(c.shell)
		got[m.parent] = m
	}
	for _, r := range []rawMessage{got[bad], got[queued]} {
		fmt.Fprintf(out, "stop_on_error reply %s\n\tcontent %s\n\tmetadata %s\n", r.msgType, r.content, r.metadata)
	}
}

// TestWireGolden compares the JSON the server emits for each message type,
// byte for byte, with the recorded output.
func TestWireGolden(t *testing.T) {
	c, _ := startTestServer(t)
	var out bytes.Buffer
	for {
		m := c.recvRaw(c.iopub)
		if m.msgType == "iopub_welcome" {
			fmt.Fprintf(&out, "welcome iopub %s\n\tcontent %s\n", m.msgType, m.content)
			break
		}
	}
	c.connect()
	ex := func(label string, content map[string]any) {
		c.goldenExchange(&out, c.shell, label, "execute_request", content)
	}
	steps := []struct {
		label, msgType string
		content        map[string]any
	}{
		{"kernel_info", "kernel_info_request", nil},
		{"is_complete_incomplete", "is_complete_request", map[string]any{"code": "for {"}},
		{"is_complete_complete", "is_complete_request", map[string]any{"code": "x := 1"}},
		{"complete", "complete_request", map[string]any{"code": "é.Pr", "cursor_pos": 4}},
		{"complete_default_cursor", "complete_request", map[string]any{"code": "fmt.Pr"}},
		{"inspect_found", "inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5, "detail_level": 0}},
		{"inspect_missing", "inspect_request", map[string]any{"code": "", "cursor_pos": 0}},
		{"comm_info", "comm_info_request", map[string]any{"target_name": "x"}},
		{"comm_open", "comm_open", map[string]any{"comm_id": "c1", "target_name": "x", "data": map[string]any{}}},
		{"unknown", "debug_request", nil},
		{"bad_content", "complete_request", map[string]any{"code": 5}},
		{"bad_execute", "execute_request", map[string]any{"code": "print:x", "user_expressions": map[string]any{"a": 1}}},
	}
	for _, s := range steps {
		c.goldenExchange(&out, c.shell, s.label, s.msgType, s.content)
	}
	ex("execute_ok", map[string]any{"code": "print:hi\nresult:3", "user_expressions": map[string]any{"a": "x", "b": "bad"}})
	ex("execute_display", map[string]any{"code": "display:d"})
	ex("execute_silent", map[string]any{"code": "print:quiet", "silent": true})
	ex("execute_no_history", map[string]any{"code": "result:4", "store_history": false})
	ex("execute_error", map[string]any{"code": "error:boom", "stop_on_error": false})
	ex("execute_unknown", map[string]any{"code": "nosuch:1", "stop_on_error": false})
	c.goldenAborted(&out)
	for _, s := range []struct {
		label   string
		content map[string]any
	}{
		{"history_tail_output", map[string]any{"hist_access_type": "tail", "n": 10, "output": true}},
		{"history_tail", map[string]any{"hist_access_type": "tail", "n": 1}},
		{"history_range", map[string]any{"hist_access_type": "range", "session": 0, "start": 1, "stop": 3}},
		{"history_search", map[string]any{"hist_access_type": "search", "pattern": "print*", "unique": true}},
	} {
		c.goldenExchange(&out, c.shell, s.label, "history_request", s.content)
	}
	c.goldenExchange(&out, c.control, "interrupt", "interrupt_request", nil)
	c.goldenExchange(&out, c.control, "unknown_control", "create_subshell_request", nil)
	c.goldenExchange(&out, c.control, "shutdown", "shutdown_request", map[string]any{"restart": true})
	compareGolden(t, filepath.Join("testdata", "wire_golden.txt"), out.Bytes())
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestWireGolden -update to record it)", err)
	}
	gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range max(len(gl), len(wl)) {
		var g, w []byte
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if !bytes.Equal(g, w) {
			t.Fatalf("%s line %d:\n got %s\nwant %s", path, i+1, g, w)
		}
	}
}
