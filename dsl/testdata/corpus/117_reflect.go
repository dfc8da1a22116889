package main

import (
	"fmt"
	"reflect"
)

type Settings struct {
	LR    float64 `flag:"lr" help:"learning rate"`
	Steps int     `flag:"steps"`
	Name  string
}

func main() {
	s := Settings{0.1, 100, "run"}
	t := reflect.TypeOf(s)
	fmt.Println(t.Name(), t.Kind(), t.NumField())
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fmt.Printf("%s %s flag=%q\n", f.Name, f.Type, f.Tag.Get("flag"))
	}

	v := reflect.ValueOf(&s).Elem()
	v.FieldByName("Steps").SetInt(500)
	fmt.Println(s.Steps)

	fmt.Println(reflect.DeepEqual([]int{1, 2}, []int{1, 2}), reflect.DeepEqual(map[string]int{"a": 1}, map[string]int{"a": 2}))
	fmt.Println(reflect.ValueOf([]string{"x"}).Len(), reflect.TypeOf(3.0).Kind() == reflect.Float64)
}
