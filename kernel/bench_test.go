package kernel

import (
	"context"
	"github.com/eoslab/eoslab/kernel/vocab"
	"testing"
)

// BenchmarkSupervisorRoundTrip: one trivial cell through the worker pipes
// (fake engine), the floor under every execute_request.
func BenchmarkSupervisorRoundTrip(b *testing.B) {
	s := newTestSupervisor(b, SupervisorConfig{})
	ctx := context.Background()
	if _, err := s.Execute(ctx, vocab.ExecuteRequest{Code: "result:1"}, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Execute(ctx, vocab.ExecuteRequest{Code: "result:1"}, func(vocab.Message) {}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWireDecode: verify and decode one signed execute_request.
func BenchmarkWireDecode(b *testing.B) {
	enc := NewSigner([]byte("key"))
	msgs := make([][][]byte, b.N)
	for i := range msgs {
		msgs[i], _ = enc.Encode(testMessage("execute_request"))
	}
	dec := NewSigner([]byte("key"))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := dec.Decode(msgs[i]); err != nil {
			b.Fatal(err)
		}
	}
}
