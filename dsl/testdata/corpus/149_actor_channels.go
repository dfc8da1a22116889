package main

import "fmt"

type request struct {
	op    string
	n     int
	reply chan int
}

func bank(reqs <-chan request) {
	balance := 0
	for r := range reqs {
		switch r.op {
		case "deposit":
			balance += r.n
		case "withdraw":
			if r.n <= balance {
				balance -= r.n
			}
		}
		r.reply <- balance
	}
}

func main() {
	reqs := make(chan request)
	go bank(reqs)
	reply := make(chan int)
	ops := []struct {
		op string
		n  int
	}{{"deposit", 100}, {"withdraw", 30}, {"withdraw", 500}, {"deposit", 5}, {"balance", 0}}
	for _, o := range ops {
		reqs <- request{o.op, o.n, reply}
		fmt.Println(o.op, o.n, "->", <-reply)
	}
	close(reqs)
}
