package kernel

import "testing"

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
