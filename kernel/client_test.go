package kernel

import (
	"encoding/json"
	"testing"
)

// clientMessage is a message as the test client reads it: contents as
// generic JSON, to check the server's output without its own types.
type clientMessage struct {
	*WireMessage
	Content  map[string]any
	Metadata map[string]any
}

func decodeClient(t *testing.T, m *WireMessage) *clientMessage {
	t.Helper()
	c := &clientMessage{WireMessage: m}
	if err := json.Unmarshal(orEmptyObject(m.Content), &c.Content); err != nil {
		t.Fatalf("%s content: %v", m.Header.MsgType, err)
	}
	if err := json.Unmarshal(orEmptyObject(m.Metadata), &c.Metadata); err != nil {
		t.Fatalf("%s metadata: %v", m.Header.MsgType, err)
	}
	return c
}

// mustJSON encodes v for a test message.
func mustJSON(t testing.TB, v any) json.RawMessage {
	t.Helper()
	if v == nil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func headerID(parent json.RawMessage) string {
	var h Header
	if err := json.Unmarshal(parent, &h); err != nil {
		return ""
	}
	return h.MsgID
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func integer(m map[string]any, k string, def int) int {
	if v, ok := m[k].(float64); ok {
		return int(v)
	}
	return def
}

func dict(m map[string]any, k string) map[string]any {
	d, _ := m[k].(map[string]any)
	return d
}
