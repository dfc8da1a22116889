package main

import (
	"fmt"
	"slices"
)

type Set[T comparable] struct{ m map[T]struct{} }

func NewSet[T comparable](xs ...T) *Set[T] {
	s := &Set[T]{m: make(map[T]struct{})}
	for _, x := range xs {
		s.Add(x)
	}
	return s
}

func (s *Set[T]) Add(x T)      { s.m[x] = struct{}{} }
func (s *Set[T]) Has(x T) bool { _, ok := s.m[x]; return ok }
func (s *Set[T]) Len() int     { return len(s.m) }
func (s *Set[T]) Union(o *Set[T]) *Set[T] {
	out := NewSet[T]()
	for k := range s.m {
		out.Add(k)
	}
	for k := range o.m {
		out.Add(k)
	}
	return out
}

func Sorted[T interface {
	comparable
	~int | ~string
}](s *Set[T]) []T {
	out := make([]T, 0, s.Len())
	for k := range s.m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func main() {
	a := NewSet(1, 2, 3)
	b := NewSet(3, 4)
	u := a.Union(b)
	fmt.Println(u.Len(), u.Has(4), u.Has(9))
	fmt.Println(Sorted(u))
	fmt.Println(Sorted(NewSet("b", "a", "b")))
}
