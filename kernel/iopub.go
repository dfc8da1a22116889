package kernel

import (
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"slices"
	"sync/atomic"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// iopub is an XPUB socket that sends iopub_welcome to each new subscriber
// (protocol 5.5, JEP 65), so a client knows when its subscription is live
// instead of nudging with kernel_info requests.
//
// zmq4 v0.17.0 has an XPUB socket, but it consumes subscription messages
// itself (pubQReader.listen hands them to Conn.subscribe; Recv never sees
// them) and its Topics() merges all connections, so a second subscriber to
// "" is invisible. The kernel therefore listens through its own transport:
// a net listener whose connections report the subscriptions they carry
// (subscriptionWatcher), after which the welcome is published once zmq4 has
// registered the subscription.

var iopubTransports atomic.Int64

// listenIOPub binds sock at endpoint (tcp:// or ipc://) through a watching
// transport; onSubscribe runs for every subscription a peer sends.
func listenIOPub(sock zmq4.Socket, endpoint string, onSubscribe func(topic string)) error {
	scheme, addr, ok := cutScheme(endpoint)
	if !ok {
		return fmt.Errorf("kernel: bad endpoint %q", endpoint)
	}
	prot := map[string]string{"tcp": "tcp", "ipc": "unix"}[scheme]
	if prot == "" {
		return fmt.Errorf("kernel: iopub cannot listen on %q", endpoint)
	}
	name := fmt.Sprintf("eoslab-iopub-%d", iopubTransports.Add(1))
	if err := zmq4.RegisterTransport(name, watchTransport{Transport: transport.New(prot), onSubscribe: onSubscribe}); err != nil {
		return fmt.Errorf("kernel: %w", err)
	}
	return sock.Listen(name + "://" + addr)
}

func cutScheme(ep string) (scheme, addr string, ok bool) {
	for i := 0; i+3 <= len(ep); i++ {
		if ep[i:i+3] == "://" {
			return ep[:i], ep[i+3:], true
		}
	}
	return "", "", false
}

// watchTransport is a zmq4 transport whose accepted connections watch for
// subscriptions.
type watchTransport struct {
	transport.Transport
	onSubscribe func(topic string)
}

func (t watchTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := t.Transport.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	return watchListener{l, t.onSubscribe}, nil
}

type watchListener struct {
	net.Listener
	onSubscribe func(topic string)
}

func (l watchListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &watchConn{Conn: c, w: subscriptionWatcher{onSubscribe: l.onSubscribe}}, nil
}

type watchConn struct {
	net.Conn
	w subscriptionWatcher
}

func (c *watchConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.w.feed(p[:n])
	return n, err
}

// subscriptionWatcher follows the ZMTP 3 byte stream a subscriber sends
// (64-byte greeting, then frames: flags, 1- or 8-byte size, body) and
// reports each subscription: a one-frame message starting with 0x01
// (ZMTP 3.0) or a SUBSCRIBE command (ZMTP 3.1).
type subscriptionWatcher struct {
	onSubscribe func(topic string)
	greeting    int    // greeting bytes still to skip
	started     bool   // greeting length set
	flags       byte   // of the current frame
	sizeBuf     []byte // size bytes read so far
	sizeLen     int    // 0 while reading flags, else 1 or 8
	left        uint64 // body bytes still to come
	body        []byte // the first maxWatched bytes of the body
	more        bool   // the previous frame had MORE set (not a message start)
}

// maxWatched bounds what is kept of a frame: a Jupyter topic is short.
const maxWatched = 256

func (w *subscriptionWatcher) feed(b []byte) {
	if !w.started {
		w.started, w.greeting = true, 64
	}
	for len(b) > 0 {
		switch {
		case w.greeting > 0:
			k := min(w.greeting, len(b))
			w.greeting -= k
			b = b[k:]
		case w.sizeLen == 0: // flags
			w.flags = b[0]
			w.sizeLen, w.sizeBuf, w.body = 1, w.sizeBuf[:0], w.body[:0]
			if w.flags&0x02 != 0 {
				w.sizeLen = 8
			}
			b = b[1:]
		case len(w.sizeBuf) < w.sizeLen:
			k := min(w.sizeLen-len(w.sizeBuf), len(b))
			w.sizeBuf = append(w.sizeBuf, b[:k]...)
			b = b[k:]
			if len(w.sizeBuf) == w.sizeLen {
				w.left = uint64(w.sizeBuf[0])
				if w.sizeLen == 8 {
					w.left = binary.BigEndian.Uint64(w.sizeBuf)
				}
				if w.left == 0 {
					w.endFrame()
				}
			}
		default: // body
			k := int(min(w.left, uint64(len(b))))
			if room := maxWatched - len(w.body); room > 0 {
				w.body = append(w.body, b[:min(k, room)]...)
			}
			w.left -= uint64(k)
			b = b[k:]
			if w.left == 0 {
				w.endFrame()
			}
		}
	}
}

func (w *subscriptionWatcher) endFrame() {
	command, more := w.flags&0x04 != 0, w.flags&0x01 != 0
	switch {
	case command && len(w.body) >= 10 && string(w.body[:10]) == "\x09SUBSCRIBE":
		w.onSubscribe(string(w.body[10:]))
	case !command && !w.more && !more && len(w.body) > 0 && w.body[0] == 1:
		w.onSubscribe(string(w.body[1:]))
	}
	if !command {
		w.more = more
	}
	w.sizeLen = 0
}

// welcome publishes iopub_welcome for topic once zmq4 has registered the
// subscription (it does so right after the bytes the watcher saw are read).
func (k *Server) welcome(topic string) {
	go func() {
		deadline := time.Now().Add(time.Second)
		for !slices.Contains(k.iopub.(zmq4.Topics).Topics(), topic) && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(10 * time.Millisecond) // this connection's own registration
		k.publish("iopub_welcome", welcomeContent{topic}, nil)
	}()
}
