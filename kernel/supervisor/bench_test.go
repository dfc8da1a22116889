package supervisor

import (
	"context"
	"testing"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// BenchmarkSupervisorRoundTrip: one trivial cell through the worker pipes
// (fake engine), the floor under every execute_request.
func BenchmarkSupervisorRoundTrip(b *testing.B) {
	s := newTestSupervisor(b, Config{})
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
