package main

import "fmt"

type Counter struct {
	name string
	n    int
}

func (c Counter) Value() int { return c.n }
func (c *Counter) Inc()      { c.n++ }
func (c Counter) IncCopy()   { c.n++ }
func (c *Counter) Add(k int) *Counter {
	c.n += k
	return c
}
func (c Counter) String() string { return fmt.Sprintf("%s=%d", c.name, c.n) }

func main() {
	c := Counter{name: "hits"}
	c.Inc()
	c.Inc()
	c.IncCopy()
	fmt.Println(c.Value(), c)

	p := &c
	p.Inc()
	fmt.Println(p.Value(), *p)

	c.Add(10).Add(5).Inc()
	fmt.Println(c.String())

	cs := []Counter{{name: "a"}, {name: "b"}}
	for i := range cs {
		cs[i].Inc()
	}
	for _, x := range cs {
		x.Inc() // a copy
	}
	fmt.Println(cs)
}
