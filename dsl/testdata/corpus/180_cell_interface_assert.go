package main

import (
	"fmt"
	"strconv"
)

type Animal interface{ Sound() string }
type Named interface{ Name() string }
type NamedAnimal interface {
	Animal
	Named
}

type Dog struct{ name string }
type Fish struct{ fins int }
type Robot struct{ id int }
type Temp float64

func (d Dog) Sound() string    { return "woof" }
func (d Dog) Name() string     { return d.name }
func (Fish) Name() string      { return "fish" }
func (r *Robot) Sound() string { return "beep " + strconv.Itoa(r.id) }
func (t Temp) String() string  { return strconv.FormatFloat(float64(t), 'f', 1, 64) + "°" }

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "nothing"
	case NamedAnimal:
		return x.Name() + " says " + x.Sound()
	case Animal:
		return "something says " + x.Sound()
	case Named, error:
		return fmt.Sprint("named or error: ", x)
	case fmt.Stringer:
		return "stringer " + x.String()
	case int, string:
		return fmt.Sprintf("basic %v", x)
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func soundOf(v any) (string, bool) {
	a, ok := v.(Animal)
	if !ok {
		return "", false
	}
	return a.Sound(), true
}

func kind[T any](v T) string {
	switch x := any(v).(type) {
	case fmt.Stringer:
		return "stringer " + x.String()
	case Named:
		return "named " + x.Name()
	}
	return "plain"
}

func main() {
	values := []any{Dog{"rex"}, Fish{2}, &Robot{7}, Temp(21.5), 3, "s", 2.5, nil}
	for _, v := range values {
		fmt.Println(describe(v))
	}

	for _, v := range values {
		if s, ok := soundOf(v); ok {
			fmt.Println("sound:", s)
		}
	}

	var n Named = Dog{"ace"}
	if a, ok := n.(Animal); ok {
		fmt.Println("named is an animal:", a.Sound())
	}
	n = Fish{2}
	_, ok := n.(Animal)
	fmt.Println("fish is an animal:", ok)

	na := any(Dog{"bo"}).(NamedAnimal)
	fmt.Println(na.Name(), na.Sound())

	fmt.Println(kind(Temp(-3)), kind(Fish{2}), kind(Dog{"x"}), kind(4))

	var held any
	held = Dog{"held"}
	fmt.Println(describe(held))
	var pets = map[string]any{}
	pets["r"] = &Robot{9}
	fmt.Println(describe(pets["r"]))
	var st fmt.Stringer = Temp(1)
	fmt.Println(any(st).(fmt.Stringer).String())
}
