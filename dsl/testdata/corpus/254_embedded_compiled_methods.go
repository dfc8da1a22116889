package main

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"time"
)

type Counter struct {
	n int
	sync.Mutex
}

type Log struct {
	name string
	bytes.Buffer
}

type Stamp struct {
	Label string
	time.Time
}

func lockTwice(l sync.Locker) {
	l.Lock()
	l.Unlock()
	l.Lock()
	l.Unlock()
}

func main() {
	c := &Counter{}
	var l sync.Locker = c
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.Lock()
			c.n++
			l.Unlock()
		}()
	}
	wg.Wait()
	lockTwice(c)
	fmt.Println(c.n)

	lg := &Log{name: "run"}
	var w io.Writer = lg
	fmt.Fprintf(w, "step %d\n", 1)
	io.WriteString(lg, "step 2\n")
	fmt.Print(lg.name, ": ", lg.String())

	s := Stamp{"t0", time.Date(2021, 3, 4, 5, 6, 7, 0, time.UTC)}
	var st fmt.Stringer = s
	fmt.Println(st.String(), s.Year(), s.Label)
}
