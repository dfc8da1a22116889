package main

import "fmt"

type Stack[T any] struct {
	items []T
}

func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

func (s *Stack[T]) Pop() (T, bool) {
	var zero T
	if len(s.items) == 0 {
		return zero, false
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	return v, true
}

func (s Stack[T]) Len() int { return len(s.items) }

func main() {
	var s Stack[int]
	for i := range 4 {
		s.Push(i * 10)
	}
	fmt.Println("len", s.Len())
	for {
		v, ok := s.Pop()
		if !ok {
			break
		}
		fmt.Println(v)
	}

	words := &Stack[string]{}
	words.Push("hello")
	words.Push("world")
	w, _ := words.Pop()
	fmt.Println(w, words.Len())
}
