package main

import "fmt"

func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprintf("int %d", x+1)
	case string:
		return "string " + x
	case []int:
		return fmt.Sprintf("slice of %d", len(x))
	case bool, float64:
		return fmt.Sprintf("bool or float %v", x)
	case func() int:
		return fmt.Sprint("func ", x())
	default:
		return fmt.Sprintf("other %T", x)
	}
}

func main() {
	vals := []any{nil, 1, "s", []int{1, 2}, true, 2.5, func() int { return 7 }, struct{}{}}
	for _, v := range vals {
		fmt.Println(kind(v))
	}

	var v any = 3
	switch v.(type) {
	case int:
		fmt.Println("no binding, int")
	}
}
