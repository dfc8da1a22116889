package supervisor

import (
	"bytes"
	"testing"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// FuzzFrameBuffer feeds arbitrary bytes to the worker-pipe decoder.
func FuzzFrameBuffer(f *testing.F) {
	var b bytes.Buffer
	writeFrame(&b, frame{ID: 7, Msg: executeReplyMsg{Result: &vocab.Bundle{Data: map[string]any{"text/plain": "1"}}}})
	writeFrame(&b, frame{Msg: readyMsg{PID: 1}})
	writeFrame(&b, frame{ID: 2, Msg: queryReplyMsg{Matches: []string{"Println"}, Start: 4, End: 6}})
	f.Add(b.Bytes())
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, data []byte) {
		fb := frameBuffer{buf: append([]byte(nil), data...)}
		for i := 0; i < 1000; i++ {
			_, ok, err := fb.next()
			if err != nil || !ok {
				return
			}
		}
	})
}
