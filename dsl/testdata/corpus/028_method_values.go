package main

import "fmt"

type Acc struct{ total int }

func (a *Acc) Add(n int) { a.total += n }
func (a Acc) Get() int   { return a.total }

type Temp float64

func (t Temp) F() float64 { return float64(t)*9/5 + 32 }

func apply(f func(int), xs ...int) {
	for _, x := range xs {
		f(x)
	}
}

func main() {
	var a Acc
	add := a.Add // bound to &a
	apply(add, 1, 2, 3)
	fmt.Println(a.Get())

	get := a.Get // receiver copied now
	a.Add(100)
	fmt.Println(get(), a.Get())

	t := Temp(100)
	f := t.F
	t = 0
	fmt.Println(f(), t.F())

	fs := []func() float64{Temp(0).F, Temp(37).F}
	for _, g := range fs {
		fmt.Printf("%.1f\n", g())
	}
}
