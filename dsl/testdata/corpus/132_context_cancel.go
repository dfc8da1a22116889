package main

import (
	"context"
	"errors"
	"fmt"
)

func count(ctx context.Context, limit int, out chan<- int) error {
	defer close(out)
	for i := 0; i < limit; i++ {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case out <- i:
		}
	}
	return nil
}

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan int)
	errc := make(chan error, 1)
	go func() { errc <- count(ctx, 1000, out) }()

	sum := 0
	for v := range out {
		sum += v
		if v == 9 {
			cancel()
			break
		}
	}
	for range out {
	}
	err := <-errc
	fmt.Println(sum, err, errors.Is(err, context.Canceled))

	ctx2 := context.WithValue(context.Background(), "key", "value")
	fmt.Println(ctx2.Value("key"), ctx2.Value("missing"))

	ctx3, cancel3 := context.WithCancelCause(context.Background())
	cancel3(errors.New("stopped by user"))
	fmt.Println(ctx3.Err(), context.Cause(ctx3))
}
