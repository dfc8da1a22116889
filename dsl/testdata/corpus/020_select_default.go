package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	for i := 0; i < 4; i++ {
		select {
		case ch <- i:
			fmt.Println("sent", i)
		default:
			fmt.Println("full, dropped", i)
		}
	}

	for {
		select {
		case v := <-ch:
			fmt.Println("got", v)
			continue
		default:
		}
		break
	}

	var nilch chan int
	select {
	case v := <-nilch:
		fmt.Println("impossible", v)
	default:
		fmt.Println("nil channel never ready")
	}
}
