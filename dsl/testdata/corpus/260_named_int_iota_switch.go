package main

import "fmt"

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

type Level int

const (
	Low Level = iota + 1
	High
)

func describe(v any) string {
	switch x := v.(type) {
	case int:
		return fmt.Sprintf("int %d", x)
	case Weekday:
		return fmt.Sprintf("weekday %d", int(x))
	case Level:
		return fmt.Sprintf("level %d", int(x))
	default:
		return fmt.Sprintf("other %v", x)
	}
}

func main() {
	for _, v := range []any{Sunday, Tuesday, 1, Low, High, int64(2)} {
		fmt.Println(describe(v))
	}
	var v any = Monday
	_, isInt := v.(int)
	d, isDay := v.(Weekday)
	_, isLevel := v.(Level)
	fmt.Println(isInt, isDay, isLevel, d == Monday)
	fmt.Printf("%T %v %d\n", v, v, v)
	fmt.Println(v == any(Monday), v == any(1), v != any(Level(1)))
	func() {
		defer func() { fmt.Println("recovered:", recover()) }()
		_ = v.(Level)
	}()
}
