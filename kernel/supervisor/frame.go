package supervisor

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// The supervisor and the worker exchange frames over a pair of pipes (the
// worker's fds 3 and 4). A frame is a 4-byte big-endian length followed by
// a JSON envelope {"t": kind, "id": n, "c": message}; JSON keeps the pipe
// debuggable. Each kind of message is one Go type; this file is the only
// place that maps kinds to types.

// maxFrame bounds one frame so that a corrupted length cannot make the
// supervisor allocate without limit. Displays carry base64 images, so it is
// generous.
const maxFrame = 512 << 20

// message is one kind of supervisor↔worker message.
type message interface{ kind() string }

// Sent by the supervisor.
type (
	// executeMsg runs a cell; the worker answers with executeReplyMsg.
	executeMsg struct {
		Code            string            `json:"code"`
		AllowStdin      bool              `json:"allow_stdin,omitempty"`
		UserExpressions map[string]string `json:"user_expressions,omitempty"`
	}
	interruptMsg struct{}
	shutdownMsg  struct{}
	// completeMsg and inspectMsg are answered by queryReplyMsg.
	completeMsg struct {
		Code   string `json:"code"`
		Cursor int    `json:"cursor"`
	}
	inspectMsg struct {
		Code   string `json:"code"`
		Cursor int    `json:"cursor"`
		Detail int    `json:"detail"`
	}
	// ackMsg answers outputMsg once the output is forwarded.
	ackMsg struct{}
	// inputReplyMsg answers inputRequestMsg.
	inputReplyMsg struct {
		Value string `json:"value,omitempty"`
		Error string `json:"error,omitempty"`
	}
)

// Sent by the worker.
type (
	readyMsg struct {
		PID int `json:"pid"`
	}
	executeReplyMsg struct {
		Error           *vocab.CellError                `json:"error,omitempty"`
		Result          *vocab.Bundle                   `json:"result,omitempty"`
		UserExpressions map[string]vocab.UserExpression `json:"user_expressions,omitempty"`
		Payload         []map[string]any                `json:"payload,omitempty"`
	}
	// outputMsg is a display (Display set) or a clear_output.
	outputMsg struct {
		Display *vocab.Bundle `json:"display,omitempty"`
		Wait    bool          `json:"wait,omitempty"` // clear_output's wait
	}
	inputRequestMsg struct {
		Prompt   string `json:"prompt"`
		Password bool   `json:"password,omitempty"`
	}
	// queryReplyMsg answers completeMsg and inspectMsg. Busy means a cell
	// was running, Error that the interpreter panicked.
	queryReplyMsg struct {
		Matches []string      `json:"matches,omitempty"`
		Start   int           `json:"start,omitempty"`
		End     int           `json:"end,omitempty"`
		Bundle  *vocab.Bundle `json:"bundle,omitempty"`
		Found   bool          `json:"found,omitempty"`
		Busy    bool          `json:"busy,omitempty"`
		Error   string        `json:"error,omitempty"`
	}
)

func (executeMsg) kind() string      { return "execute" }
func (interruptMsg) kind() string    { return "interrupt" }
func (shutdownMsg) kind() string     { return "shutdown" }
func (completeMsg) kind() string     { return "complete" }
func (inspectMsg) kind() string      { return "inspect" }
func (ackMsg) kind() string          { return "ack" }
func (inputReplyMsg) kind() string   { return "input_reply" }
func (readyMsg) kind() string        { return "ready" }
func (executeReplyMsg) kind() string { return "execute_reply" }
func (outputMsg) kind() string       { return "output" }
func (inputRequestMsg) kind() string { return "input_request" }
func (queryReplyMsg) kind() string   { return "reply" }

// decoders maps each kind to the decoder of its type.
var decoders = map[string]func(json.RawMessage) (message, error){}

func init() {
	register[executeMsg]()
	register[interruptMsg]()
	register[shutdownMsg]()
	register[completeMsg]()
	register[inspectMsg]()
	register[ackMsg]()
	register[inputReplyMsg]()
	register[readyMsg]()
	register[executeReplyMsg]()
	register[outputMsg]()
	register[inputRequestMsg]()
	register[queryReplyMsg]()
}

func register[T message]() {
	var zero T
	decoders[zero.kind()] = func(raw json.RawMessage) (message, error) {
		var m T
		if len(raw) > 0 {
			if err := json.Unmarshal(raw, &m); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
}

// frame is one message with the id that pairs a request with its reply.
type frame struct {
	ID  uint64
	Msg message
}

type envelope struct {
	Kind    string          `json:"t"`
	ID      uint64          `json:"id,omitempty"`
	Content json.RawMessage `json:"c,omitempty"`
}

func writeFrame(w io.Writer, f frame) error {
	c, err := json.Marshal(f.Msg)
	if err != nil {
		return fmt.Errorf("supervisor: encoding %s frame: %w", f.Msg.kind(), err)
	}
	b, err := json.Marshal(envelope{Kind: f.Msg.kind(), ID: f.ID, Content: c})
	if err != nil {
		return fmt.Errorf("supervisor: encoding %s frame: %w", f.Msg.kind(), err)
	}
	if len(b) > maxFrame {
		return fmt.Errorf("supervisor: %s frame of %d bytes exceeds %d", f.Msg.kind(), len(b), maxFrame)
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
		return frame{}, fmt.Errorf("supervisor: frame length %d exceeds %d", n, maxFrame)
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
	var e envelope
	if err := json.Unmarshal(b, &e); err != nil {
		return frame{}, fmt.Errorf("supervisor: decoding frame: %w", err)
	}
	dec, ok := decoders[e.Kind]
	if !ok {
		return frame{}, fmt.Errorf("supervisor: decoding frame: unknown kind %q", e.Kind)
	}
	m, err := dec(e.Content)
	if err != nil {
		return frame{}, fmt.Errorf("supervisor: decoding %s frame: %w", e.Kind, err)
	}
	return frame{ID: e.ID, Msg: m}, nil
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
		return frame{}, false, fmt.Errorf("supervisor: frame length %d exceeds %d", n, maxFrame)
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
