package main

import "fmt"

type Point struct {
	X, Y int
}

type Node struct {
	Name  string
	Tags  []string
	Attrs map[string]int
	Next  *Point
	inner struct{ A bool }
}

func main() {
	p := Point{1, 2}
	fmt.Printf("%v|%+v|%#v\n", p, p, p)
	fmt.Printf("%v|%+v\n", &p, &p)

	n := Node{Name: "root", Tags: []string{"a", "b"}, Attrs: map[string]int{"z": 1, "a": 2}, Next: &p}
	fmt.Printf("%v\n", n.Attrs)
	fmt.Printf("%+v\n", n.Tags)
	fmt.Printf("%#v\n", n.Tags)
	fmt.Printf("%#v\n", n.Attrs)

	var ip *int
	var e error
	fmt.Printf("%v %v %d\n", ip, e, []int(nil))
	fmt.Printf("%v %#v\n", []any{1, "a", nil}, [2]bool{true})
	fmt.Println(fmt.Sprint("a", 1, 2, "b", "c", 3.5))
}
