package kernel

import (
	"context"
	"log"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/supervisor/workertest"
	"github.com/go-zeromq/zmq4"
)

type testClient struct {
	t                     *testing.T
	signer                *Signer
	shell, control, iopub zmq4.Socket
	session               string
	iopubEndpoint         string
}

func startTestServer(t *testing.T) (*testClient, chan error) {
	// Port 0: the kernel binds free ports itself, so no port can be taken
	// between choosing and binding it.
	return startTestServerOn(t, ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256", Key: "test-key"})
}

func startTestServerOn(t *testing.T, ci ConnectionInfo) (*testClient, chan error) {
	k, err := NewServer(ServerConfig{
		Conn:        ci,
		Supervisor:  supervisor.Config{WorkerArgv: workertest.Argv(), WorkerEnv: workertest.Env()},
		HistoryPath: filepath.Join(t.TempDir(), "history.jsonl"),
		Log:         log.New(&testLogWriter{t}, "", 0),
	})
	if err != nil {
		t.Fatal(err)
	}
	ci = k.Conn()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	c := &testClient{t: t, signer: NewSigner([]byte(ci.Key)), session: "test-session", iopubEndpoint: ci.Endpoint(ci.IOPubPort)}
	c.shell = zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("shell-client")))
	c.control = zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("control-client")))
	c.iopub = zmq4.NewSub(ctx)
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.shell, ci.ShellPort}, {c.control, ci.ControlPort}, {c.iopub, ci.IOPubPort}} {
		if err := d.s.Dial(ci.Endpoint(d.port)); err != nil {
			t.Fatal(err)
		}
	}
	c.iopub.SetOption(zmq4.OptionSubscribe, "")
	t.Cleanup(func() {
		cancel()
		<-done
		c.shell.Close()
		c.control.Close()
		c.iopub.Close()
	})
	return c, done
}

type testLogWriter struct{ t *testing.T }

func (w *testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func (c *testClient) send(sock zmq4.Socket, signer *Signer, msgType string, content map[string]any) string {
	m := &WireMessage{Header: NewHeader(msgType, c.session), Content: mustJSON(c.t, content)}
	frames, err := signer.Encode(m)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
	return m.Header.MsgID
}

// recv returns the next message on sock (the client's own signer checks
// the kernel's signatures).
func (c *testClient) recv(sock zmq4.Socket) *clientMessage {
	m, _ := c.recvWire(sock)
	return decodeClient(c.t, m)
}

// recvWire returns the next message on sock, decoded, with its frames.
func (c *testClient) recvWire(sock zmq4.Socket) (*WireMessage, zmq4.Msg) {
	raw, err := sock.Recv()
	if err != nil {
		c.t.Fatal(err)
	}
	m, err := c.signer.Decode(raw.Frames)
	if err != nil {
		c.t.Fatalf("kernel sent a bad message: %v", err)
	}
	return m, raw
}

func parentID(m *clientMessage) string { return headerID(m.Parent) }

func (c *testClient) request(sock zmq4.Socket, msgType string, content map[string]any) *clientMessage {
	id := c.send(sock, c.signer, msgType, content)
	for {
		m := c.recv(sock)
		if parentID(m) == id {
			return m
		}
	}
}

// waitIOPub returns the iopub messages of request id up to its idle status.
func (c *testClient) waitIOPub(id string) []*clientMessage {
	var out []*clientMessage
	for {
		m := c.recv(c.iopub)
		if parentID(m) != id {
			continue
		}
		if m.Header.MsgType == "status" && m.Content["execution_state"] == "idle" {
			return out
		}
		out = append(out, m)
	}
}

// connect waits until iopub delivers (a subscription takes effect
// asynchronously), as jupyter_client does.
func (c *testClient) connect() {
	sub := make(chan string, 100)
	go func() {
		for {
			raw, err := c.iopub.Recv()
			if err != nil {
				close(sub)
				return
			}
			w, err := c.signer.Decode(raw.Frames)
			if err == nil && w.Header.MsgType == "status" {
				m := decodeClient(c.t, w)
				sub <- parentID(m)
				if m.Content["execution_state"] == "idle" {
					close(sub)
					return
				}
			}
		}
	}()
	for {
		c.request(c.shell, "kernel_info_request", nil)
		select {
		case _, ok := <-sub:
			if ok {
				for range sub {
				}
			}
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func TestServerHandlers(t *testing.T) {
	c, _ := startTestServer(t)
	c.connect()

	ki := c.request(c.shell, "kernel_info_request", nil)
	li := dict(ki.Content, "language_info")
	if ki.Header.MsgType != "kernel_info_reply" || str(li, "name") != "go" || str(li, "file_extension") != ".go" ||
		str(li, "mimetype") != "text/x-go" || str(ki.Content, "protocol_version") != "5.5" || str(ki.Content, "banner") == "" {
		t.Errorf("kernel_info %v", ki.Content)
	}
	if f, ok := ki.Content["supported_features"].([]any); !ok || len(f) != 0 {
		t.Errorf("supported_features = %v, want an empty list", ki.Content["supported_features"])
	}
	if ki := c.request(c.control, "kernel_info_request", nil); ki.Header.MsgType != "kernel_info_reply" || ki.Content["protocol_version"] != "5.5" {
		t.Errorf("kernel_info on control: %s %v", ki.Header.MsgType, ki.Content)
	}
	// Requests this kernel does not implement get an error reply, not silence.
	for _, sock := range []zmq4.Socket{c.shell, c.control} {
		for _, typ := range []string{"debug_request", "create_subshell_request", "no_such_request"} {
			m := c.request(sock, typ, nil)
			if want := strings.TrimSuffix(typ, "_request") + "_reply"; m.Header.MsgType != want || m.Content["status"] != "error" || !strings.Contains(str(m.Content, "evalue"), typ) {
				t.Errorf("%s: got %s %v, want an error %s", typ, m.Header.MsgType, m.Content, want)
			}
		}
	}

	tests := []struct {
		msgType string
		content map[string]any
		reply   string
		check   func(map[string]any) bool
	}{
		{"is_complete_request", map[string]any{"code": "for {"}, "is_complete_reply",
			func(c map[string]any) bool { return c["status"] == "incomplete" && c["indent"] == "\t" }},
		{"is_complete_request", map[string]any{"code": "x := 1"}, "is_complete_reply",
			func(c map[string]any) bool { return c["status"] == "complete" }},
		{"comm_info_request", map[string]any{}, "comm_info_reply",
			func(c map[string]any) bool { return c["status"] == "ok" && len(dict(c, "comms")) == 0 }},
		// Cursors are in code points: "é" is one, two bytes.
		{"complete_request", map[string]any{"code": "é.Pr", "cursor_pos": 4.0}, "complete_reply",
			func(c map[string]any) bool {
				return integer(c, "cursor_start", -1) == 2 && integer(c, "cursor_end", -1) == 4 && len(c["matches"].([]any)) == 2
			}},
		{"inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5.0}, "inspect_reply",
			func(c map[string]any) bool { return c["found"] == true && str(dict(c, "data"), "text/plain") == "doc" }},
	}
	for _, tt := range tests {
		m := c.request(c.shell, tt.msgType, tt.content)
		if m.Header.MsgType != tt.reply || !tt.check(m.Content) {
			t.Errorf("%s %v: got %s %v", tt.msgType, tt.content, m.Header.MsgType, m.Content)
		}
	}
}

func TestServerExecute(t *testing.T) {
	c, _ := startTestServer(t)
	c.connect()
	id := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "print:hi\nresult:3", "store_history": true})
	rep := c.recv(c.shell)
	io := c.waitIOPub(id)
	if rep.Content["status"] != "ok" || integer(rep.Content, "execution_count", 0) != 1 || dict(rep.Metadata, "eoslab")["state_lost"] != false {
		t.Errorf("reply %v", rep.Content)
	}
	var kinds []string
	for _, m := range io {
		kinds = append(kinds, m.Header.MsgType)
	}
	if strings.Join(kinds, ",") != "status,execute_input,stream,execute_result" {
		t.Errorf("iopub sequence %v", kinds)
	}

	// A failing cell aborts what is queued behind it (stop_on_error); the
	// sleep makes sure the second request is queued when the first fails.
	bad := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "sleep:200\nerror:boom", "store_history": true})
	queued := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "print:never", "store_history": true})
	got := map[string]string{}
	for len(got) < 2 {
		m := c.recv(c.shell)
		got[parentID(m)] = str(m.Content, "status")
	}
	if got[bad] != "error" || got[queued] != "aborted" {
		t.Errorf("stop_on_error: %v", got)
	}

	// History records the executed cells with their outputs.
	h := c.request(c.shell, "history_request", map[string]any{"hist_access_type": "tail", "n": 10.0, "output": true})
	hist, _ := h.Content["history"].([]any)
	if len(hist) != 2 {
		t.Fatalf("history %v", h.Content)
	}
	first, _ := hist[0].([]any)
	io0, _ := first[2].([]any)
	if io0[0] != "print:hi\nresult:3" || io0[1] != "3" {
		t.Errorf("history entry %v", first)
	}
}

// Forged and replayed requests are dropped: the first reply the client
// gets is for its next valid request.
func TestServerRejectsForgedAndReplayed(t *testing.T) {
	c, _ := startTestServer(t)
	c.connect()
	c.send(c.shell, NewSigner([]byte("wrong")), "execute_request", map[string]any{"code": "print:forged"})
	m := &WireMessage{Header: NewHeader("execute_request", c.session), Content: mustJSON(t, map[string]any{"code": "set:once"})}
	frames, _ := c.signer.Encode(m)
	c.shell.SendMulti(zmq4.NewMsgFrom(frames...))
	if r := c.recv(c.shell); parentID(r) != m.Header.MsgID {
		t.Fatalf("first reply is for %s", parentID(r))
	}
	c.shell.SendMulti(zmq4.NewMsgFrom(frames...)) // replay
	id := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "get"})
	if r := c.recv(c.shell); parentID(r) != id {
		t.Fatalf("reply to a dropped request: %s", parentID(r))
	}
}

func TestServerShutdown(t *testing.T) {
	c, done := startTestServer(t)
	c.connect()
	r := c.request(c.control, "shutdown_request", map[string]any{"restart": true})
	if r.Header.MsgType != "shutdown_reply" || r.Content["restart"] != true {
		t.Errorf("reply %v", r.Content)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
		done <- nil // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("kernel did not stop")
	}
}

// The ipc transport: unix sockets named IP-PORT.
func TestServerIPC(t *testing.T) {
	dir, err := os.MkdirTemp("", "eoslab-ipc") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	c, _ := startTestServerOn(t, ConnectionInfo{Transport: "ipc", IP: filepath.Join(dir, "k"), ShellPort: 1, ControlPort: 2,
		StdinPort: 3, IOPubPort: 4, HBPort: 5, SignatureScheme: "hmac-sha256", Key: "k"})
	c.connect()
	if _, err := os.Stat(filepath.Join(dir, "k-1")); err != nil {
		t.Errorf("shell socket file: %v", err)
	}
	id := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "result:ipc"})
	if r := c.recv(c.shell); parentID(r) != id || r.Content["status"] != "ok" {
		t.Errorf("reply %v", r.Content)
	}
}

// A crash fails the cell with an error output, the reply metadata says the
// state was lost, and the next cell runs.
func TestServerWorkerCrash(t *testing.T) {
	c, _ := startTestServer(t)
	c.connect()
	id := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "exit:3"})
	rep := c.recv(c.shell)
	io := c.waitIOPub(id)
	if rep.Content["status"] != "error" || rep.Content["ename"] != "WorkerDied" || dict(rep.Metadata, "eoslab")["state_lost"] != true {
		t.Errorf("reply %v %v", rep.Content, rep.Metadata)
	}
	if len(io) != 3 || io[2].Header.MsgType != "error" || !strings.Contains(str(io[2].Content, "evalue"), "exit status 3") {
		t.Errorf("iopub %d messages", len(io))
	}
	id = c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "result:ok"})
	if r := c.recv(c.shell); parentID(r) != id || r.Content["status"] != "ok" {
		t.Errorf("next cell %v", r.Content)
	}
}

// TestServerAnswersWhileRunning: while a cell runs (one that only ends when
// interrupted, so the order below does not depend on timing), kernel_info,
// is_complete, complete, inspect, history and comm_info are answered; the
// cell's reply comes after the interrupt.
func TestServerAnswersWhileRunning(t *testing.T) {
	c, _ := startTestServer(t)
	c.connect()
	exec := c.send(c.shell, c.signer, "execute_request", map[string]any{"code": "loop:", "silent": false})
	for {
		if m := c.recv(c.iopub); parentID(m) == exec && m.Header.MsgType == "execute_input" {
			break
		}
	}
	for _, tt := range []struct {
		typ     string
		content map[string]any
	}{
		{"kernel_info_request", nil},
		{"is_complete_request", map[string]any{"code": "func ) {"}},
		{"complete_request", map[string]any{"code": "fmt.Pr", "cursor_pos": 6.0}},
		{"inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5.0}},
		{"history_request", map[string]any{"hist_access_type": "tail", "n": 5.0}},
		{"comm_info_request", nil},
	} {
		id := c.send(c.shell, c.signer, tt.typ, tt.content)
		m := c.recv(c.shell)
		if parentID(m) != id || m.Header.MsgType != strings.TrimSuffix(tt.typ, "_request")+"_reply" {
			t.Fatalf("%s while a cell runs: got %s (parent %s)", tt.typ, m.Header.MsgType, parentID(m))
		}
		if tt.typ == "is_complete_request" && m.Content["status"] != "invalid" {
			t.Errorf("is_complete while running: %v", m.Content)
		}
	}
	c.request(c.control, "interrupt_request", nil)
	if m := c.recv(c.shell); parentID(m) != exec || m.Header.MsgType != "execute_reply" {
		t.Fatalf("after the interrupt: %s, want the cell's execute_reply", m.Header.MsgType)
	}
}
