package main

import "fmt"

type Engine struct{ HP int }

func (e *Engine) Power() int {
	if e == nil {
		return 0
	}
	return e.HP
}

func (e *Engine) Describe() string { return fmt.Sprint(e.HP, "hp") }

type Car struct {
	*Engine
	Model string
}

func main() {
	c := Car{Model: "glider"}
	fmt.Println(c.Power()) // nil receiver is fine

	func() {
		defer func() { fmt.Println("recovered:", recover() != nil) }()
		fmt.Println(c.Describe())
	}()

	c.Engine = &Engine{120}
	fmt.Println(c.Power(), c.Describe(), c.HP)
}
