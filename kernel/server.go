package kernel

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/vocab"
	"github.com/go-zeromq/zmq4"
)

// ServerConfig configures Serve.
type ServerConfig struct {
	Conn       ConnectionInfo
	Supervisor supervisor.Config
	// HistoryPath is the persisted history file. Default:
	// DefaultHistoryPath(). "-" keeps history in memory only.
	HistoryPath string
	// HistoryMax bounds the history entries kept. Default:
	// DefaultHistoryMax.
	HistoryMax int
	// Log receives protocol events (rejected messages, worker restarts).
	// Default: stderr with prefix "eoslab kernel: ".
	Log *log.Logger
}

// Server is a running kernel: five ZeroMQ sockets in front of a Supervisor.
type Server struct {
	cfg     ServerConfig
	signer  *Signer
	session string
	log     *log.Logger
	sup     vocab.Kernel
	hist    *History

	shell, control, stdin, iopub, hb zmq4.Socket
	shellMu, controlMu, stdinMu      sync.Mutex

	iopubQ chan [][]byte
	shellQ chan *WireMessage
	// sideQ holds the shell requests that arrive while a cell runs and do
	// not need the cell to finish (answersWhileRunning); running is set
	// for the duration of an execute_request.
	sideQ   chan *WireMessage
	running atomic.Bool

	stdinReplies chan *WireMessage

	ctx    context.Context
	cancel context.CancelFunc
	once   sync.Once
}

// handler answers one request; sock is the socket it came on.
type handler func(k *Server, sock zmq4.Socket, m *WireMessage)

// handlers is the message table: one entry per request type.
var handlers map[string]handler

func init() {
	handlers = map[string]handler{
		"kernel_info_request": (*Server).kernelInfo,
		"execute_request":     (*Server).execute,
		"is_complete_request": (*Server).isComplete,
		"complete_request":    (*Server).complete,
		"inspect_request":     (*Server).inspect,
		"history_request":     (*Server).history,
		"comm_info_request":   (*Server).commInfo,
		"comm_open":           (*Server).commOpen,
		"comm_msg":            func(*Server, zmq4.Socket, *WireMessage) {}, // no comm targets exist
		"comm_close":          func(*Server, zmq4.Socket, *WireMessage) {},
		"shutdown_request":    (*Server).shutdown,
		"interrupt_request":   (*Server).interrupt,
	}
}

// NewServer binds the sockets of ci and starts the worker.
func NewServer(cfg ServerConfig) (*Server, error) {
	if err := cfg.Conn.Validate(); err != nil {
		return nil, err
	}
	if cfg.Log == nil {
		cfg.Log = log.New(os.Stderr, "eoslab kernel: ", log.LstdFlags)
	}
	k := &Server{cfg: cfg, signer: NewSigner([]byte(cfg.Conn.Key)), session: newID(), log: cfg.Log,
		iopubQ: make(chan [][]byte, 1024), shellQ: make(chan *WireMessage, 4096), sideQ: make(chan *WireMessage, 256), stdinReplies: make(chan *WireMessage, 1)}
	k.ctx, k.cancel = context.WithCancel(context.Background())

	path := cfg.HistoryPath
	if path == "" {
		path = DefaultHistoryPath()
	}
	var err error
	if path != "-" {
		if k.hist, err = OpenHistory(path, cfg.HistoryMax); err != nil {
			k.log.Printf("%v; history is kept in memory only", err)
		}
	}
	if k.hist == nil {
		k.hist = &History{max: DefaultHistoryMax, session: 1}
		if cfg.HistoryMax > 0 {
			k.hist.max = cfg.HistoryMax
		}
	}

	// zmq4 logs through the standard logger; keep its noise in our log.
	opts := []zmq4.Option{zmq4.WithLogger(k.log)}
	k.shell = zmq4.NewRouter(k.ctx, opts...)
	k.control = zmq4.NewRouter(k.ctx, opts...)
	k.stdin = zmq4.NewRouter(k.ctx, opts...)
	k.iopub = zmq4.NewXPub(k.ctx, opts...)
	k.hb = zmq4.NewRouter(k.ctx, opts...) // a ROUTER echoes like REP, but serves several pingers at once
	ci := &k.cfg.Conn
	for _, s := range []struct {
		sock zmq4.Socket
		port *int
		name string
	}{{k.shell, &ci.ShellPort, "shell"}, {k.control, &ci.ControlPort, "control"}, {k.stdin, &ci.StdinPort, "stdin"}, {k.iopub, &ci.IOPubPort, "iopub"}, {k.hb, &ci.HBPort, "heartbeat"}} {
		listen := s.sock.Listen
		if s.sock == k.iopub {
			listen = func(ep string) error { return listenIOPub(k.iopub, ep, k.welcome) }
		}
		if err := listen(ci.Endpoint(*s.port)); err != nil {
			k.close()
			return nil, fmt.Errorf("kernel: binding the %s socket: %w", s.name, err)
		}
		// Port 0 asks for any free TCP port; record the one bound.
		if a, ok := s.sock.Addr().(*net.TCPAddr); ok && *s.port == 0 {
			*s.port = a.Port
		}
	}
	// The worker starts after the sockets are bound: a client's first
	// connection attempt, made right after it launched the kernel, should
	// not wait for the worker's fork and exec.
	sc := cfg.Supervisor
	if sc.Logf == nil {
		sc.Logf = k.log.Printf
	}
	sc.Background = func(m vocab.Message) { k.publish(m.Type, m.Content, nil) }
	sup, err := supervisor.New(sc)
	if err != nil {
		k.close()
		return nil, err
	}
	k.sup = sup
	return k, nil
}

// Conn is the connection the kernel serves, with the ports actually bound
// (a port given as 0 is replaced by the free port chosen for it).
func (k *Server) Conn() ConnectionInfo { return k.cfg.Conn }

// Serve runs the kernel described by cfg until a shutdown_request, SIGTERM
// or ctx ends it.
func Serve(ctx context.Context, cfg ServerConfig) error {
	k, err := NewServer(cfg)
	if err != nil {
		return err
	}
	return k.Run(ctx)
}

// Run serves until shutdown. SIGINT interrupts the running cell (for
// frontends that interrupt by signal); SIGTERM shuts down.
func (k *Server) Run(ctx context.Context) error {
	defer k.close()
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	go k.publisher()
	go k.heartbeat()
	go k.stdinLoop()
	controlQ := make(chan *WireMessage, 256)
	go k.recvShell()
	go k.sideLoop()
	go k.recvLoop(k.control, "control", controlQ)
	go k.controlLoop(controlQ)
	go k.shellLoop()

	k.publish("status", map[string]any{"execution_state": "starting"}, nil)
	orphaned := watchParent()
	for {
		select {
		case <-orphaned:
			k.log.Print("the parent process is gone; shutting down")
			return nil
		case <-ctx.Done():
			return nil
		case <-k.ctx.Done():
			return nil
		case s := <-sigs:
			if s == os.Interrupt {
				k.sup.Interrupt()
				continue
			}
			return nil
		}
	}
}

// watchParent closes the returned channel when the process that started the
// kernel (JPY_PARENT_PID, set by jupyter_client) has gone, so a kernel
// whose server was killed does not linger.
func watchParent() <-chan struct{} {
	ch := make(chan struct{})
	pid, err := strconv.Atoi(os.Getenv("JPY_PARENT_PID"))
	if err != nil || pid <= 1 || os.Getppid() != pid {
		return ch
	}
	go func() {
		for os.Getppid() == pid {
			time.Sleep(time.Second)
		}
		close(ch)
	}()
	return ch
}

func (k *Server) close() {
	k.once.Do(func() {
		k.cancel()
		if k.sup != nil {
			k.sup.Close()
		}
		for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
			if s != nil {
				s.Close()
			}
		}
	})
}

// recvLoop decodes and authenticates messages; rejected ones are logged and
// dropped before anything acts on them.
func (k *Server) recvLoop(sock zmq4.Socket, name string, q chan<- *WireMessage) {
	for {
		raw, err := sock.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			continue
		}
		m, err := k.signer.Decode(raw.Frames)
		if err != nil {
			k.log.Printf("%s: dropped a message: %v", name, err)
			continue
		}
		select {
		case q <- m:
		case <-k.ctx.Done():
			return
		}
	}
}

// answersWhileRunning are the shell requests answered while a cell runs
// instead of after it: none waits for the interpreter to finish (the
// worker answers is_complete without it, and complete/inspect say the
// interpreter is busy rather than wait), so a frontend's completion,
// tooltips and console continuation prompts keep working during a
// long %train.
var answersWhileRunning = map[string]bool{
	"kernel_info_request": true, "is_complete_request": true, "complete_request": true,
	"inspect_request": true, "history_request": true, "comm_info_request": true,
}

// recvShell receives shell requests: to sideQ while a cell runs and the
// request can be answered meanwhile, to shellQ (in order) otherwise.
func (k *Server) recvShell() {
	q := make(chan *WireMessage)
	go k.recvLoop(k.shell, "shell", q)
	for {
		var m *WireMessage
		select {
		case m = <-q:
		case <-k.ctx.Done():
			return
		}
		dst := k.shellQ
		if k.running.Load() && answersWhileRunning[m.Header.MsgType] {
			dst = k.sideQ
		}
		select {
		case dst <- m:
		case <-k.ctx.Done():
			return
		}
	}
}

// sideLoop answers the requests that arrived while a cell runs. It sends no
// busy/idle status for them: an idle status in the middle of the cell
// would tell frontends that track the kernel's state that the cell ended.
func (k *Server) sideLoop() {
	for {
		select {
		case <-k.ctx.Done():
			return
		case m := <-k.sideQ:
			func() {
				defer func() {
					if r := recover(); r != nil {
						k.log.Printf("handler for %s panicked: %v", m.Header.MsgType, r)
					}
				}()
				handlers[m.Header.MsgType](k, k.shell, m)
			}()
		}
	}
}

func (k *Server) shellLoop() {
	for {
		select {
		case <-k.ctx.Done():
			return
		case m := <-k.shellQ:
			k.abort(k.dispatch(k.shell, &k.shellMu, m))
		}
	}
}

// takeQueued removes the requests already received on shell. After a failed
// cell (stop_on_error) it runs before the error reply is sent, so exactly the
// requests the client sent without knowing of the error are aborted.
func (k *Server) takeQueued() []*WireMessage {
	var out []*WireMessage
	for {
		select {
		case m := <-k.shellQ:
			out = append(out, m)
		default:
			return out
		}
	}
}

// abort answers queued execute_requests with status "aborted" and handles
// the other requests normally.
func (k *Server) abort(queued []*WireMessage) {
	for _, m := range queued {
		if m.Header.MsgType != "execute_request" {
			k.dispatch(k.shell, &k.shellMu, m)
			continue
		}
		k.publish("status", map[string]any{"execution_state": "busy"}, m)
		k.reply(k.shell, &k.shellMu, m, "execute_reply", map[string]any{"status": "aborted", "execution_count": k.sup.ExecutionCount()})
		k.publish("status", map[string]any{"execution_state": "idle"}, m)
	}
}

func (k *Server) controlLoop(q chan *WireMessage) {
	for {
		select {
		case <-k.ctx.Done():
			return
		case m := <-q:
			k.dispatch(k.control, &k.controlMu, m)
		}
	}
}

// dispatch runs one request between busy and idle. It returns the queued
// requests to abort when an execute_request failed with stop_on_error set.
func (k *Server) dispatch(sock zmq4.Socket, mu *sync.Mutex, m *WireMessage) (abort []*WireMessage) {
	h, ok := handlers[m.Header.MsgType]
	if !ok {
		base, isRequest := strings.CutSuffix(m.Header.MsgType, "_request")
		if !isRequest {
			k.log.Printf("ignoring unsupported message %q", m.Header.MsgType)
			return nil
		}
		h = unknownRequest(base + "_reply")
	}
	k.publish("status", map[string]any{"execution_state": "busy"}, m)
	defer k.publish("status", map[string]any{"execution_state": "idle"}, m)
	defer func() {
		// A handler bug on odd input must not take the kernel down.
		if r := recover(); r != nil {
			k.log.Printf("handler for %s panicked: %v", m.Header.MsgType, r)
		}
	}()
	if m.Header.MsgType == "execute_request" {
		if sock == k.shell {
			k.running.Store(true)
			defer k.running.Store(false)
		}
		return k.executeAndReport(sock, m)
	}
	h(k, sock, m)
	return nil
}

// unknownRequest answers a request type this kernel does not implement
// (debug_request, subshell requests, anything newer) with an error reply of
// the matching type, so that no client waits for an answer that never comes.
func unknownRequest(replyType string) handler {
	return func(k *Server, sock zmq4.Socket, m *WireMessage) {
		msg := fmt.Sprintf("eoslab does not support %s (protocol %s; supported_features is empty)", m.Header.MsgType, ProtocolVersion)
		k.reply(sock, k.socketMutex(sock), m, replyType, map[string]any{
			"status": "error", "ename": "UnsupportedRequest", "evalue": msg, "traceback": []any{msg},
		})
	}
}

// reply sends a reply to the identities of request m.
func (k *Server) reply(sock zmq4.Socket, mu *sync.Mutex, m *WireMessage, msgType string, content map[string]any) {
	k.replyMeta(sock, mu, m, msgType, content, nil)
}

func (k *Server) replyMeta(sock zmq4.Socket, mu *sync.Mutex, m *WireMessage, msgType string, content, metadata map[string]any) {
	out := &WireMessage{Identities: m.Identities, Header: NewHeader(msgType, k.session), Parent: m.RawHeader(), Content: content, Metadata: metadata}
	frames, err := k.signer.Encode(out)
	if err != nil {
		k.log.Print(err)
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Printf("sending %s: %v", msgType, err)
	}
}

func (k *Server) socketMutex(sock zmq4.Socket) *sync.Mutex {
	if sock == k.control {
		return &k.controlMu
	}
	return &k.shellMu
}

// publish queues an iopub message; parent may be nil. A dedicated goroutine
// sends the queue so shell, control and heartbeat never wait on iopub.
func (k *Server) publish(msgType string, content map[string]any, parent *WireMessage) {
	out := &WireMessage{Header: NewHeader(msgType, k.session), Content: content, Identities: [][]byte{[]byte("kernel." + k.session + "." + msgType)}}
	if parent != nil {
		out.Parent = parent.RawHeader()
	}
	frames, err := k.signer.Encode(out)
	if err != nil {
		k.log.Print(err)
		return
	}
	select {
	case k.iopubQ <- frames:
	case <-k.ctx.Done():
	}
}

func (k *Server) publisher() {
	for {
		select {
		case <-k.ctx.Done():
			return
		case frames := <-k.iopubQ:
			if err := k.iopub.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil && k.ctx.Err() == nil {
				k.log.Printf("iopub: %v", err)
			}
		}
	}
}

// heartbeat echoes every ping on its own goroutine, whatever the cells do.
func (k *Server) heartbeat() {
	for {
		m, err := k.hb.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			continue
		}
		if err := k.hb.SendMulti(m); err != nil && k.ctx.Err() == nil {
			k.log.Printf("heartbeat: %v", err)
		}
	}
}

func (k *Server) stdinLoop() {
	for {
		raw, err := k.stdin.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			continue
		}
		m, err := k.signer.Decode(raw.Frames)
		if err != nil {
			k.log.Printf("stdin: dropped a message: %v", err)
			continue
		}
		if m.Header.MsgType != "input_reply" {
			continue
		}
		select {
		case k.stdinReplies <- m:
		default: // nobody waits: a stale reply
		}
	}
}

func (k *Server) kernelInfo(sock zmq4.Socket, m *WireMessage) {
	k.reply(sock, k.socketMutex(sock), m, "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "eoslab",
		"implementation_version": vocab.Version,
		"language_info":          k.sup.KernelInfo().Content(),
		"banner":                 fmt.Sprintf("eoslab %s: Go cells (yaegi) over a compiled library for optimization dynamics at the edge of stability.\nType %%help for magics, ?name for documentation.", vocab.Version),
		"help_links": []any{
			map[string]any{"text": "Go language specification", "url": "https://go.dev/ref/spec"},
			map[string]any{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			map[string]any{"text": "gonum", "url": "https://pkg.go.dev/gonum.org/v1/gonum"},
			map[string]any{"text": "gonum/plot", "url": "https://pkg.go.dev/gonum.org/v1/plot"},
		},
		"debugger": false,
		// Optional features (JEP 92): no debugger, no kernel subshells.
		"supported_features": []any{},
	})
}

func (k *Server) execute(sock zmq4.Socket, m *WireMessage) { k.executeAndReport(sock, m) }

func (k *Server) executeAndReport(sock zmq4.Socket, m *WireMessage) (abort []*WireMessage) {
	c := m.Content
	code := str(c, "code")
	silent := boolean(c, "silent", false)
	store := boolean(c, "store_history", !silent) && !silent
	stopOnError := boolean(c, "stop_on_error", true)
	allowStdin := boolean(c, "allow_stdin", false)
	ue := map[string]string{}
	for name, v := range dict(c, "user_expressions") {
		if s, ok := v.(string); ok {
			ue[name] = s
		}
	}
	count := k.sup.ExecutionCount()
	if store {
		count++
	}
	if !silent {
		k.publish("execute_input", map[string]any{"code": code, "execution_count": count}, m)
	}
	req := vocab.ExecuteRequest{Code: code, Silent: silent, StoreHistory: store, UserExpressions: ue, AllowStdin: allowStdin}
	if allowStdin {
		req.Input = func(ctx context.Context, prompt string, password bool) (string, error) {
			return k.input(ctx, m, prompt, password)
		}
	}
	var result string
	rep, err := k.sup.Execute(k.ctx, req, func(msg vocab.Message) {
		if msg.Type == "execute_result" {
			result = str(dict(msg.Content, "data"), "text/plain")
		}
		k.publish(msg.Type, msg.Content, m)
	})
	content := map[string]any{"execution_count": rep.ExecutionCount}
	switch {
	case err != nil:
		ce := &vocab.CellError{Name: "KernelError", Value: err.Error(), Traceback: []string{err.Error()}}
		k.publish("error", ce.Content(), m)
		for key, v := range ce.Content() {
			content[key] = v
		}
		content["status"] = "error"
	case rep.Status == "error":
		for key, v := range rep.Error.Content() {
			content[key] = v
		}
		content["status"] = "error"
		// Older frontends read user_expressions and payload unconditionally.
		content["user_expressions"] = map[string]any{}
		content["payload"] = []any{}
	default:
		content["status"] = "ok"
		ue := map[string]any{}
		for name, v := range rep.UserExpressions {
			ue[name] = v.Content()
		}
		content["user_expressions"] = ue
		payload := rep.Payload
		if payload == nil {
			payload = []map[string]any{}
		}
		content["payload"] = payload
	}
	// The reply metadata says whether the worker was restarted during the
	// cell (every earlier definition is gone), for frontends that care.
	metadata := map[string]any{"status": content["status"], "eoslab": map[string]any{"state_lost": rep.StateLost}}
	if store {
		if err := k.hist.Add(rep.ExecutionCount, code, result); err != nil {
			k.log.Print(err)
		}
	}
	if content["status"] == "error" && stopOnError && sock == k.shell {
		abort = k.takeQueued()
	}
	k.replyMeta(sock, k.socketMutex(sock), m, "execute_reply", content, metadata)
	return abort
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// input asks the frontend that sent parent for a line on the stdin socket.
func (k *Server) input(ctx context.Context, parent *WireMessage, prompt string, password bool) (string, error) {
	// Drop a stale reply left from an earlier, interrupted request.
	select {
	case <-k.stdinReplies:
	default:
	}
	out := &WireMessage{Identities: parent.Identities, Header: NewHeader("input_request", k.session), Parent: parent.RawHeader(),
		Content: map[string]any{"prompt": prompt, "password": password}}
	frames, err := k.signer.Encode(out)
	if err != nil {
		return "", err
	}
	k.stdinMu.Lock()
	err = k.stdin.SendMulti(zmq4.NewMsgFrom(frames...))
	k.stdinMu.Unlock()
	if err != nil {
		return "", fmt.Errorf("kernel: sending input_request: %w", err)
	}
	select {
	case r := <-k.stdinReplies:
		return str(r.Content, "value"), nil
	case <-ctx.Done():
		return "", ctx.Err()
	case <-k.ctx.Done():
		return "", errors.New("kernel: shutting down")
	}
}

func (k *Server) isComplete(sock zmq4.Socket, m *WireMessage) {
	ctx, cancel := context.WithTimeout(k.ctx, 5*time.Second)
	defer cancel()
	status, indent := k.sup.IsComplete(ctx, str(m.Content, "code"))
	c := map[string]any{"status": status}
	if status == "incomplete" {
		c["indent"] = indent
	}
	k.reply(sock, k.socketMutex(sock), m, "is_complete_reply", c)
}

func (k *Server) complete(sock zmq4.Socket, m *WireMessage) {
	code := str(m.Content, "code")
	cursor := runeToByte(code, integer(m.Content, "cursor_pos", utf8.RuneCountInString(code)))
	matches, start, end, err := k.sup.Complete(k.ctx, code, cursor)
	if err != nil {
		k.log.Print(err)
		matches, start, end = nil, cursor, cursor
	}
	if matches == nil {
		matches = []string{}
	}
	k.reply(sock, k.socketMutex(sock), m, "complete_reply", map[string]any{
		"status": "ok", "matches": matches, "metadata": map[string]any{},
		"cursor_start": byteToRune(code, start), "cursor_end": byteToRune(code, end),
	})
}

func (k *Server) inspect(sock zmq4.Socket, m *WireMessage) {
	code := str(m.Content, "code")
	cursor := runeToByte(code, integer(m.Content, "cursor_pos", utf8.RuneCountInString(code)))
	b, found, err := k.sup.Inspect(k.ctx, code, cursor, integer(m.Content, "detail_level", 0))
	if err != nil {
		k.log.Print(err)
	}
	if b == nil {
		b, found = &vocab.Bundle{}, false
	}
	data, md := b.Data, b.Metadata
	if data == nil {
		data = map[string]any{}
	}
	k.reply(sock, k.socketMutex(sock), m, "inspect_reply", map[string]any{
		"status": "ok", "found": found, "data": data, "metadata": orEmpty(md),
	})
}

func (k *Server) history(sock zmq4.Socket, m *WireMessage) {
	c := m.Content
	var entries []HistoryEntry
	switch str(c, "hist_access_type") {
	case "tail":
		entries = k.hist.Tail(integer(c, "n", 10))
	case "range":
		entries = k.hist.Range(integer(c, "session", 0), integer(c, "start", 1), integer(c, "stop", 0))
	case "search":
		entries = k.hist.Search(str(c, "pattern"), integer(c, "n", 0), boolean(c, "unique", false))
	}
	output := boolean(c, "output", false)
	hist := make([]any, 0, len(entries))
	for _, e := range entries {
		if output {
			var out any
			if e.Output != "" {
				out = e.Output
			}
			hist = append(hist, []any{e.Session, e.Line, []any{e.Input, out}})
		} else {
			hist = append(hist, []any{e.Session, e.Line, e.Input})
		}
	}
	k.reply(sock, k.socketMutex(sock), m, "history_reply", map[string]any{"status": "ok", "history": hist})
}

func (k *Server) commInfo(sock zmq4.Socket, m *WireMessage) {
	k.reply(sock, k.socketMutex(sock), m, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
}

// commOpen refuses every target (none is registered) by closing the comm.
func (k *Server) commOpen(sock zmq4.Socket, m *WireMessage) {
	k.publish("comm_close", map[string]any{"comm_id": str(m.Content, "comm_id"), "data": map[string]any{}}, m)
}

func (k *Server) interrupt(sock zmq4.Socket, m *WireMessage) {
	k.sup.Interrupt()
	k.reply(sock, k.socketMutex(sock), m, "interrupt_reply", map[string]any{"status": "ok"})
}

// shutdown replies, then ends the process: on restart the client's kernel
// manager starts a new one.
func (k *Server) shutdown(sock zmq4.Socket, m *WireMessage) {
	c := map[string]any{"status": "ok", "restart": boolean(m.Content, "restart", false)}
	k.reply(sock, k.socketMutex(sock), m, "shutdown_reply", c)
	k.publish("shutdown_reply", c, m)
	k.sup.Interrupt()
	go func() {
		// Let the publisher and the reply leave before the sockets close.
		time.Sleep(100 * time.Millisecond)
		k.cancel()
	}()
}

// runeToByte converts a cursor in code points (the protocol's unit) to a
// byte offset.
func runeToByte(s string, pos int) int {
	if pos <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == pos {
			return i
		}
		n++
	}
	return len(s)
}

func byteToRune(s string, b int) int {
	if b > len(s) {
		b = len(s)
	}
	if b < 0 {
		b = 0
	}
	return utf8.RuneCountInString(s[:b])
}
