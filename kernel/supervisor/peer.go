package supervisor

import (
	"context"
	"fmt"
	"io"
	"sync"
)

// peer is one end of the frame pipes, the same on both sides: it writes
// frames and pairs each reply with the request it answers by frame id.
type peer struct {
	wmu sync.Mutex
	w   io.Writer

	mu      sync.Mutex
	nextID  uint64
	pending map[uint64]chan message

	gone    <-chan struct{} // closed when the other end is gone
	goneErr func() error    // why, once gone is closed
}

func newPeer(w io.Writer, gone <-chan struct{}, goneErr func() error) *peer {
	return &peer{w: w, pending: map[uint64]chan message{}, gone: gone, goneErr: goneErr}
}

// send writes one frame; id 0 is a frame that expects no reply.
func (p *peer) send(id uint64, m message) error {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	return writeFrame(p.w, frame{ID: id, Msg: m})
}

// start sends the request m and returns its id and the channel its reply
// arrives on; forget(id) ends the wait.
func (p *peer) start(m message) (uint64, <-chan message, error) {
	ch := make(chan message, 1)
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	p.pending[id] = ch
	p.mu.Unlock()
	if err := p.send(id, m); err != nil {
		p.forget(id)
		return 0, nil, err
	}
	return id, ch, nil
}

func (p *peer) forget(id uint64) {
	p.mu.Lock()
	delete(p.pending, id)
	p.mu.Unlock()
}

// call sends the request m and waits for its reply.
func (p *peer) call(ctx context.Context, m message) (message, error) {
	id, ch, err := p.start(m)
	if err != nil {
		return nil, fmt.Errorf("supervisor: sending %s: %w", m.kind(), err)
	}
	defer p.forget(id)
	select {
	case r := <-ch:
		return r, nil
	case <-p.gone:
		return nil, p.goneErr()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// deliver hands a reply to the request waiting for it; a reply nobody
// waits for (the wait ended) is dropped.
func (p *peer) deliver(f frame) {
	p.mu.Lock()
	ch := p.pending[f.ID]
	delete(p.pending, f.ID)
	p.mu.Unlock()
	if ch != nil {
		ch <- f.Msg
	}
}
