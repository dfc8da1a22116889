package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version spoken.
const ProtocolVersion = "5.5"

var delimiter = []byte("<IDS|MSG>")

// Header is a Jupyter message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// WireMessage is one Jupyter message as it travels on a socket.
type WireMessage struct {
	Identities [][]byte
	Header     Header
	// Parent is the parent header exactly as received or to be sent; it is
	// kept raw so replies echo the request's header byte for byte.
	Parent json.RawMessage
	// Metadata and Content are JSON objects (empty means {}).
	Metadata json.RawMessage
	Content  json.RawMessage
	Buffers  [][]byte
	// Request is Content decoded by Decode into the struct of its message
	// type (see requestContents); nil for types whose content is ignored.
	// RequestErr says why Content did not decode into it.
	Request    any
	RequestErr error

	rawHeader json.RawMessage
	signature []byte
}

// RawHeader returns the header bytes as received (the parent of replies).
func (m *WireMessage) RawHeader() json.RawMessage { return m.rawHeader }

// Signer signs and verifies messages with HMAC-SHA256 and rejects replayed
// signatures. An empty key disables signing, as the spec allows.
type Signer struct {
	key []byte

	mu   sync.Mutex
	seen map[string]struct{}
	ring []string
	next int
}

// replayWindow is how many recent signatures are remembered. A replayed
// message older than this window is accepted again; the window is large
// enough to cover hours of interactive use.
const replayWindow = 1 << 16

// NewSigner returns a Signer for key.
func NewSigner(key []byte) *Signer {
	return &Signer{key: append([]byte(nil), key...), seen: map[string]struct{}{}}
}

func (s *Signer) sign(parts ...[]byte) []byte {
	if len(s.key) == 0 {
		return nil
	}
	mac := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		mac.Write(p)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Errors returned by Decode for rejected messages.
var (
	ErrBadSignature = errors.New("kernel: message signature missing or wrong")
	ErrReplayed     = errors.New("kernel: message signature replayed")
)

// Decode parses and authenticates the frames of one message. It never
// panics on malformed input.
func (s *Signer) Decode(frames [][]byte) (*WireMessage, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, errors.New("kernel: message has no <IDS|MSG> delimiter")
	}
	if len(frames)-i-1 < 5 {
		return nil, fmt.Errorf("kernel: message has %d frames after the delimiter, want at least 5", len(frames)-i-1)
	}
	m := &WireMessage{Identities: frames[:i]}
	sig, header, parent, metadata, content := frames[i+1], frames[i+2], frames[i+3], frames[i+4], frames[i+5]
	if len(s.key) > 0 {
		want := s.sign(header, parent, metadata, content)
		if !hmac.Equal(bytes.ToLower(sig), want) {
			return nil, ErrBadSignature
		}
		if !s.remember(string(want)) {
			return nil, ErrReplayed
		}
	}
	m.signature = sig
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("kernel: bad header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("kernel: header has no msg_type")
	}
	m.rawHeader = append(json.RawMessage(nil), header...)
	if err := checkObject(parent); err != nil {
		return nil, fmt.Errorf("kernel: bad parent header: %w", err)
	}
	m.Parent = append(json.RawMessage(nil), parent...)
	if err := checkObject(metadata); err != nil {
		return nil, fmt.Errorf("kernel: bad metadata: %w", err)
	}
	if err := checkObject(content); err != nil {
		return nil, fmt.Errorf("kernel: bad content: %w", err)
	}
	m.Metadata = append(json.RawMessage(nil), metadata...)
	m.Content = append(json.RawMessage(nil), content...)
	m.Request, m.RequestErr = decodeRequest(m.Header.MsgType, content)
	m.Buffers = frames[i+6:]
	return m, nil
}

// checkObject reports whether b is a JSON object, null or empty.
func checkObject(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	var fields map[string]json.RawMessage
	return json.Unmarshal(b, &fields)
}

// requestContents gives the content struct of each message type the server
// reads fields of; the defaults set here apply when a key is missing.
var requestContents = map[string]func() any{
	"execute_request":     func() any { return &executeRequest{} },
	"is_complete_request": func() any { return &codeRequest{} },
	"complete_request":    func() any { return &codeRequest{} },
	"inspect_request":     func() any { return &codeRequest{} },
	"history_request":     func() any { return &historyRequest{} },
	"comm_open":           func() any { return &commOpen{} },
	"shutdown_request":    func() any { return &shutdownRequest{} },
	"input_reply":         func() any { return &inputReply{} },
}

// decodeRequest decodes content into the struct of msgType. A message
// whose content does not fit keeps a zero struct and the error, so the
// server can answer it with an error reply naming the field.
func decodeRequest(msgType string, content []byte) (any, error) {
	newContent, ok := requestContents[msgType]
	if !ok {
		return nil, nil
	}
	req := newContent()
	if len(bytes.TrimSpace(content)) == 0 {
		return req, nil
	}
	if err := json.Unmarshal(content, req); err != nil {
		if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok && te.Field != "" {
			err = fmt.Errorf("key %q is a JSON %s, want %s (see the Jupyter messaging spec)", te.Field, te.Value, jsonKind(te.Type.Kind()))
		}
		return newContent(), fmt.Errorf("kernel: bad %s content: %w", msgType, err)
	}
	return req, nil
}

// jsonKind names the JSON type a Go kind decodes from.
func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Pointer:
		return "integer"
	case reflect.Map, reflect.Struct:
		return "object"
	}
	return k.String()
}

// remember records a signature, reporting false if it was seen before.
func (s *Signer) remember(sig string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.seen[sig]; ok {
		return false
	}
	if len(s.ring) < replayWindow {
		s.ring = append(s.ring, sig)
	} else {
		delete(s.seen, s.ring[s.next])
		s.ring[s.next] = sig
		s.next = (s.next + 1) % replayWindow
	}
	s.seen[sig] = struct{}{}
	return true
}

// Encode serializes and signs a message into frames.
func (s *Signer) Encode(m *WireMessage) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("kernel: encoding header: %w", err)
	}
	parent := []byte(m.Parent)
	if len(parent) == 0 {
		parent = []byte("{}")
	}
	metadata, content := orEmptyObject(m.Metadata), orEmptyObject(m.Content)
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, s.sign(header, parent, metadata, content), header, parent, metadata, content)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

func orEmptyObject(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// NewMessage returns a message of msgType in session, replying to or
// published for parent (nil for none), with content and metadata encoded
// as JSON (nil metadata is {}).
func NewMessage(msgType, session string, parent *WireMessage, content, metadata any) (*WireMessage, error) {
	m := &WireMessage{Header: NewHeader(msgType, session)}
	if parent != nil {
		m.Parent = parent.RawHeader()
	}
	var err error
	if m.Content, err = json.Marshal(content); err != nil {
		return nil, fmt.Errorf("kernel: encoding %s content: %w", msgType, err)
	}
	if metadata != nil {
		if m.Metadata, err = json.Marshal(metadata); err != nil {
			return nil, fmt.Errorf("kernel: encoding %s metadata: %w", msgType, err)
		}
	}
	return m, nil
}

// NewHeader returns a header for a new message of msgType in session.
func NewHeader(msgType, session string) Header {
	return Header{
		MsgID:    newID(),
		Session:  session,
		Username: "eoslab",
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// newID returns a random UUID-4 string.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
