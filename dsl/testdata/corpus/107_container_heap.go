package main

import (
	"container/heap"
	"fmt"
)

type Item struct {
	name string
	prio int
}

type PQ []Item

func (q PQ) Len() int           { return len(q) }
func (q PQ) Less(i, j int) bool { return q[i].prio > q[j].prio }
func (q PQ) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *PQ) Push(x any)        { *q = append(*q, x.(Item)) }
func (q *PQ) Pop() any {
	old := *q
	n := len(old)
	it := old[n-1]
	*q = old[:n-1]
	return it
}

func main() {
	q := &PQ{{"low", 1}, {"high", 9}, {"mid", 5}}
	heap.Init(q)
	heap.Push(q, Item{"urgent", 10})
	for q.Len() > 0 {
		it := heap.Pop(q).(Item)
		fmt.Println(it.name, it.prio)
	}
}
