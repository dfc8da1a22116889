package main

import "fmt"

type Tree struct {
	Left, Right *Tree
	Key         int
}

func (t *Tree) Insert(k int) *Tree {
	if t == nil {
		return &Tree{Key: k}
	}
	if k < t.Key {
		t.Left = t.Left.Insert(k)
	} else {
		t.Right = t.Right.Insert(k)
	}
	return t
}

func (t *Tree) InOrder(visit func(int)) {
	if t == nil {
		return
	}
	t.Left.InOrder(visit)
	visit(t.Key)
	t.Right.InOrder(visit)
}

func (t *Tree) Height() int {
	if t == nil {
		return 0
	}
	return 1 + max(t.Left.Height(), t.Right.Height())
}

func main() {
	var root *Tree
	for _, k := range []int{50, 30, 70, 20, 40, 60, 80, 35} {
		root = root.Insert(k)
	}
	var keys []int
	root.InOrder(func(k int) { keys = append(keys, k) })
	fmt.Println(keys)
	fmt.Println("height", root.Height())
}
