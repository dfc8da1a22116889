package main

import (
	"container/list"
	"container/ring"
	"fmt"
)

func main() {
	l := list.New()
	l.PushBack(2)
	l.PushBack(3)
	front := l.PushFront(1)
	l.InsertAfter(15, front)
	for e := l.Front(); e != nil; e = e.Next() {
		fmt.Print(e.Value, " ")
	}
	fmt.Println("len", l.Len())

	l.Remove(front)
	fmt.Println(l.Front().Value, l.Back().Value)

	r := ring.New(4)
	for i := range r.Len() {
		r.Value = i * i
		r = r.Next()
	}
	sum := 0
	r.Do(func(v any) { sum += v.(int) })
	fmt.Println("ring sum", sum)
}
