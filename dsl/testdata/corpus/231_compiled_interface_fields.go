package main

import (
	"container/list"
	"container/ring"
	"fmt"
)

type Wrapped struct {
	*ring.Ring
	n int
}

type Holder struct{ Value any }

func main() {
	w := Wrapped{ring.New(3), 2}
	for i := 0; i < 3; i++ {
		w.Value = i*w.n + 1
		w.Ring = w.Next()
	}
	w.Do(func(v any) { fmt.Print(v, " ") })
	fmt.Println()

	l := list.New()
	e := l.PushBack(0)
	s := "x"
	e.Value = s + "y"
	fmt.Println(e.Value, -len(s))
	e.Value = -(len(s) * 3)
	fmt.Println(e.Value)
	h := &Holder{}
	h.Value = 2.5 * 2
	fmt.Println(h.Value)
	var err error = fmt.Errorf("e")
	_ = err
}
