package kernel

import (
	"context"
	"encoding/json"
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
		"execute_request":     typed((*Server).execute),
		"is_complete_request": typed((*Server).isComplete),
		"complete_request":    typed((*Server).complete),
		"inspect_request":     typed((*Server).inspect),
		"history_request":     typed((*Server).history),
		"comm_info_request":   (*Server).commInfo,
		"comm_open":           typed((*Server).commOpen),
		"comm_msg":            func(*Server, zmq4.Socket, *WireMessage) {}, // no comm targets exist
		"comm_close":          func(*Server, zmq4.Socket, *WireMessage) {},
		"shutdown_request":    typed((*Server).shutdown),
		"interrupt_request":   (*Server).interrupt,
	}
}

// typed adapts a handler of the content struct T, which Decode filled in
// from requestContents.
func typed[T any](h func(k *Server, sock zmq4.Socket, m *WireMessage, req *T)) handler {
	return func(k *Server, sock zmq4.Socket, m *WireMessage) {
		req, ok := m.Request.(*T)
		if !ok {
			req = new(T)
		}
		h(k, sock, m, req)
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

	k.publish("status", statusContent{"starting"}, nil)
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
				k.handlerFor(m)(k, k.shell, m)
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
		k.publish("status", statusContent{"busy"}, m)
		k.reply(k.shell, &k.shellMu, m, "execute_reply", executeReply{Status: "aborted", ExecutionCount: k.sup.ExecutionCount()})
		k.publish("status", statusContent{"idle"}, m)
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
	h := k.handlerFor(m)
	if h == nil {
		k.log.Printf("ignoring unsupported message %q", m.Header.MsgType)
		return nil
	}
	k.publish("status", statusContent{"busy"}, m)
	defer k.publish("status", statusContent{"idle"}, m)
	defer func() {
		// A handler bug on odd input must not take the kernel down.
		if r := recover(); r != nil {
			k.log.Printf("handler for %s panicked: %v", m.Header.MsgType, r)
		}
	}()
	if req, ok := m.Request.(*executeRequest); ok && m.RequestErr == nil {
		if sock == k.shell {
			k.running.Store(true)
			defer k.running.Store(false)
		}
		return k.executeAndReport(sock, m, req)
	}
	h(k, sock, m)
	return nil
}

// handlerFor returns the handler of m, nil for a message that is not a
// request and has none. A request whose content does not decode gets an
// error reply naming the bad field, and one of a type this kernel does not
// implement (debug_request, subshell requests, anything newer) an error
// reply of the matching type, so that no client waits for an answer that
// never comes.
func (k *Server) handlerFor(m *WireMessage) handler {
	h, known := handlers[m.Header.MsgType]
	base, isRequest := strings.CutSuffix(m.Header.MsgType, "_request")
	switch {
	case known && m.RequestErr != nil && isRequest:
		return errorReplier(base+"_reply", "BadRequest", m.RequestErr.Error())
	case known && m.RequestErr != nil:
		k.log.Print(m.RequestErr)
		return func(*Server, zmq4.Socket, *WireMessage) {}
	case known:
		return h
	case isRequest:
		msg := fmt.Sprintf("eoslab does not support %s (protocol %s; supported_features is empty)", m.Header.MsgType, ProtocolVersion)
		return errorReplier(base+"_reply", "UnsupportedRequest", msg)
	}
	return nil
}

// errorReplier answers with an error reply of replyType.
func errorReplier(replyType, ename, evalue string) handler {
	return func(k *Server, sock zmq4.Socket, m *WireMessage) {
		k.reply(sock, k.socketMutex(sock), m, replyType, errorReply{Ename: ename, Evalue: evalue, Status: "error", Traceback: []string{evalue}})
	}
}

// reply sends a reply to the identities of request m.
func (k *Server) reply(sock zmq4.Socket, mu *sync.Mutex, m *WireMessage, msgType string, content any) {
	k.replyMeta(sock, mu, m, msgType, content, nil)
}

func (k *Server) replyMeta(sock zmq4.Socket, mu *sync.Mutex, m *WireMessage, msgType string, content, metadata any) {
	out, err := NewMessage(msgType, k.session, m, content, metadata)
	if err != nil {
		k.log.Print(err)
		return
	}
	out.Identities = m.Identities
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
func (k *Server) publish(msgType string, content any, parent *WireMessage) {
	out, err := NewMessage(msgType, k.session, parent, content, nil)
	if err != nil {
		k.log.Print(err)
		return
	}
	out.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
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
	k.reply(sock, k.socketMutex(sock), m, "kernel_info_reply", kernelInfoReply{
		Status:                "ok",
		ProtocolVersion:       ProtocolVersion,
		Implementation:        "eoslab",
		ImplementationVersion: vocab.Version,
		LanguageInfo:          k.sup.KernelInfo(),
		Banner:                fmt.Sprintf("eoslab %s: Go cells (yaegi) over a compiled library for optimization dynamics at the edge of stability.\nType %%help for magics, ?name for documentation.", vocab.Version),
		HelpLinks: []helpLink{
			{"Go language specification", "https://go.dev/ref/spec"},
			{"Go standard library", "https://pkg.go.dev/std"},
			{"gonum", "https://pkg.go.dev/gonum.org/v1/gonum"},
			{"gonum/plot", "https://pkg.go.dev/gonum.org/v1/plot"},
		},
		// Optional features (JEP 92): no debugger, no kernel subshells.
		SupportedFeatures: []string{},
	})
}

func (k *Server) execute(sock zmq4.Socket, m *WireMessage, req *executeRequest) {
	k.executeAndReport(sock, m, req)
}

// request turns the execute_request content into the interpreter's
// request, applying the protocol's defaults.
func (k *Server) request(m *WireMessage, c *executeRequest) vocab.ExecuteRequest {
	store := !c.Silent && (c.StoreHistory == nil || *c.StoreHistory)
	req := vocab.ExecuteRequest{Code: c.Code, Silent: c.Silent, StoreHistory: store, UserExpressions: c.UserExpressions, AllowStdin: c.AllowStdin}
	if req.UserExpressions == nil {
		req.UserExpressions = map[string]string{}
	}
	if c.AllowStdin {
		req.Input = func(ctx context.Context, prompt string, password bool) (string, error) {
			return k.input(ctx, m, prompt, password)
		}
	}
	return req
}

func (k *Server) executeAndReport(sock zmq4.Socket, m *WireMessage, c *executeRequest) (abort []*WireMessage) {
	req := k.request(m, c)
	count := k.sup.ExecutionCount()
	if req.StoreHistory {
		count++
	}
	if !req.Silent {
		k.publish("execute_input", executeInput{Code: req.Code, ExecutionCount: count}, m)
	}
	var result string
	rep, err := k.sup.Execute(k.ctx, req, func(msg vocab.Message) {
		if msg.Type == "execute_result" {
			result = msg.PlainText()
		}
		k.publish(msg.Type, msg.Content, m)
	})
	content := k.executeReply(rep, err, m)
	var metadata executeMetadata
	metadata.Status, metadata.Eoslab.StateLost = content.Status, rep.StateLost
	if req.StoreHistory {
		if err := k.hist.Add(rep.ExecutionCount, req.Code, result); err != nil {
			k.log.Print(err)
		}
	}
	if content.Status == "error" && (c.StopOnError == nil || *c.StopOnError) && sock == k.shell {
		abort = k.takeQueued()
	}
	k.replyMeta(sock, k.socketMutex(sock), m, "execute_reply", content, metadata)
	return abort
}

// executeReply is the content of the reply to a cell that ended with rep,
// or failed to run with err (then published as an error output too).
func (k *Server) executeReply(rep vocab.ExecuteReply, err error, m *WireMessage) executeReply {
	content := executeReply{ExecutionCount: rep.ExecutionCount, Status: "ok"}
	switch {
	case err != nil:
		ce := &vocab.CellError{Name: "KernelError", Value: err.Error(), Traceback: []string{err.Error()}}
		k.publish("error", ce.Content(), m)
		content.setError(ce)
	case rep.Status == "error":
		content.setError(rep.Error)
		// Older frontends read user_expressions and payload unconditionally.
		content.UserExpressions, content.Payload = map[string]json.RawMessage{}, []map[string]any{}
	default:
		content.UserExpressions, content.Payload = k.userExpressions(rep.UserExpressions), rep.Payload
		if content.Payload == nil {
			content.Payload = []map[string]any{}
		}
	}
	return content
}

// userExpressions encodes the values of the request's user_expressions.
func (k *Server) userExpressions(values map[string]vocab.UserExpression) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(values))
	for name, v := range values {
		b, err := json.Marshal(v.Content())
		if err != nil {
			k.log.Printf("kernel: encoding user expression %q: %v", name, err)
			b, _ = json.Marshal((&vocab.CellError{Name: "EncodingError", Value: err.Error()}).Content())
		}
		out[name] = b
	}
	return out
}

// setError marks the reply as failed with e.
func (r *executeReply) setError(e *vocab.CellError) {
	r.Status, r.Ename, r.Evalue, r.Traceback = "error", &e.Name, &e.Value, e.Lines()
}

// input asks the frontend that sent parent for a line on the stdin socket.
func (k *Server) input(ctx context.Context, parent *WireMessage, prompt string, password bool) (string, error) {
	// Drop a stale reply left from an earlier, interrupted request.
	select {
	case <-k.stdinReplies:
	default:
	}
	out, err := NewMessage("input_request", k.session, parent, inputRequest{Password: password, Prompt: prompt}, nil)
	if err != nil {
		return "", err
	}
	out.Identities = parent.Identities
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
		if v, ok := r.Request.(*inputReply); ok {
			return v.Value, nil
		}
		return "", nil
	case <-ctx.Done():
		return "", ctx.Err()
	case <-k.ctx.Done():
		return "", errors.New("kernel: shutting down")
	}
}

func (k *Server) isComplete(sock zmq4.Socket, m *WireMessage, req *codeRequest) {
	ctx, cancel := context.WithTimeout(k.ctx, 5*time.Second)
	defer cancel()
	status, indent := k.sup.IsComplete(ctx, req.Code)
	c := isCompleteReply{Status: status}
	if status == "incomplete" {
		c.Indent = &indent
	}
	k.reply(sock, k.socketMutex(sock), m, "is_complete_reply", c)
}

// cursor is the request's cursor as a byte offset in its code.
func (r *codeRequest) cursor() int {
	if r.CursorPos == nil {
		return len(r.Code)
	}
	return runeToByte(r.Code, *r.CursorPos)
}

func (k *Server) complete(sock zmq4.Socket, m *WireMessage, req *codeRequest) {
	code, cursor := req.Code, req.cursor()
	matches, start, end, err := k.sup.Complete(k.ctx, code, cursor)
	if err != nil {
		k.log.Print(err)
		matches, start, end = nil, cursor, cursor
	}
	if matches == nil {
		matches = []string{}
	}
	k.reply(sock, k.socketMutex(sock), m, "complete_reply", completeReply{
		Status: "ok", Matches: matches, CursorStart: byteToRune(code, start), CursorEnd: byteToRune(code, end),
	})
}

func (k *Server) inspect(sock zmq4.Socket, m *WireMessage, req *codeRequest) {
	b, found, err := k.sup.Inspect(k.ctx, req.Code, req.cursor(), req.DetailLevel)
	if err != nil {
		k.log.Print(err)
	}
	if b == nil {
		b, found = &vocab.Bundle{}, false
	}
	c := inspectReply{Status: "ok", Found: found, Data: b.Data, Metadata: b.Metadata}
	if c.Data == nil {
		c.Data = map[string]any{}
	}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	k.reply(sock, k.socketMutex(sock), m, "inspect_reply", c)
}

func (k *Server) history(sock zmq4.Socket, m *WireMessage, req *historyRequest) {
	var entries []HistoryEntry
	switch req.HistAccessType {
	case "tail":
		entries = k.hist.Tail(orDefault(req.N, 10))
	case "range":
		entries = k.hist.Range(req.Session, orDefault(req.Start, 1), req.Stop)
	case "search":
		entries = k.hist.Search(req.Pattern, orDefault(req.N, 0), req.Unique)
	}
	hist := make([]any, 0, len(entries))
	for _, e := range entries {
		if req.Output {
			var out any
			if e.Output != "" {
				out = e.Output
			}
			hist = append(hist, []any{e.Session, e.Line, []any{e.Input, out}})
		} else {
			hist = append(hist, []any{e.Session, e.Line, e.Input})
		}
	}
	k.reply(sock, k.socketMutex(sock), m, "history_reply", historyReply{Status: "ok", History: hist})
}

func orDefault(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func (k *Server) commInfo(sock zmq4.Socket, m *WireMessage) {
	k.reply(sock, k.socketMutex(sock), m, "comm_info_reply", commInfoReply{Status: "ok"})
}

// commOpen refuses every target (none is registered) by closing the comm.
func (k *Server) commOpen(sock zmq4.Socket, m *WireMessage, req *commOpen) {
	k.publish("comm_close", commClose{CommID: req.CommID}, m)
}

func (k *Server) interrupt(sock zmq4.Socket, m *WireMessage) {
	k.sup.Interrupt()
	k.reply(sock, k.socketMutex(sock), m, "interrupt_reply", statusReply{Status: "ok"})
}

// shutdown replies, then ends the process: on restart the client's kernel
// manager starts a new one.
func (k *Server) shutdown(sock zmq4.Socket, m *WireMessage, req *shutdownRequest) {
	c := shutdownReply{Status: "ok", Restart: req.Restart}
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
