package kernel

import (
	"bytes"
	"context"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/go-zeromq/zmq4"
)

// zmtpFrame encodes one ZMTP 3 frame.
func zmtpFrame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		b := []byte{flags | 0x02, 0, 0, 0, 0, 0, 0, 0, 0}
		binary.BigEndian.PutUint64(b[1:], uint64(len(body)))
		return append(b, body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// TestSubscriptionWatcher: subscriptions are found in a subscriber's byte
// stream however it is cut into reads; data that only looks like one (a
// later frame of a message, a long frame) is not.
func TestSubscriptionWatcher(t *testing.T) {
	var stream []byte
	stream = append(stream, bytes.Repeat([]byte{0xff}, 64)...)                           // greeting
	stream = append(stream, zmtpFrame(0x04, []byte("\x05READY\x0bSocket-Type"))...)      // READY command
	stream = append(stream, zmtpFrame(0x00, []byte("\x01"))...)                          // subscribe ""
	stream = append(stream, zmtpFrame(0x01, []byte("part"))...)                          // a message of two frames:
	stream = append(stream, zmtpFrame(0x00, []byte("\x01not a subscription"))...)        // its last frame
	stream = append(stream, zmtpFrame(0x00, append([]byte{1}, make([]byte, 300)...))...) // long subscription
	stream = append(stream, zmtpFrame(0x04, []byte("\x09SUBSCRIBEkernel."))...)          // ZMTP 3.1 command
	stream = append(stream, zmtpFrame(0x00, []byte("\x00"))...)                          // unsubscribe: ignored
	want := []string{"", string(make([]byte, maxWatched-1)), "kernel."}
	for _, chunk := range []int{1, 2, 7, 64, 1000} {
		var got []string
		w := subscriptionWatcher{onSubscribe: func(topic string) { got = append(got, topic) }}
		for b := stream; len(b) > 0; {
			k := min(chunk, len(b))
			w.feed(b[:k])
			b = b[k:]
		}
		if !slices.Equal(got, want) {
			t.Errorf("reads of %d bytes: subscriptions %q, want %q", chunk, got, want)
		}
	}
}

// TestServerIOPubWelcome: every new iopub subscriber gets iopub_welcome
// without sending anything (protocol 5.5), also when another subscriber is
// already connected.
func TestServerIOPubWelcome(t *testing.T) {
	c, _ := startTestServer(t)
	waitWelcome := func(sub zmq4.Socket) {
		for {
			m := c.recv(sub)
			if m.Header.MsgType == "iopub_welcome" {
				if s, ok := m.Content["subscription"].(string); !ok || s != "" {
					t.Errorf("iopub_welcome content %v", m.Content)
				}
				return
			}
		}
	}
	waitWelcome(c.iopub)
	second := zmq4.NewSub(context.Background())
	defer second.Close()
	if err := second.Dial(c.iopubEndpoint); err != nil {
		t.Fatal(err)
	}
	second.SetOption(zmq4.OptionSubscribe, "")
	waitWelcome(second)
}
