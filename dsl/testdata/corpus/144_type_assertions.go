package main

import (
	"fmt"
	"io"
	"strings"
)

func describe(v any) string {
	if s, ok := v.(string); ok {
		return "string of len " + fmt.Sprint(len(s))
	}
	if n, ok := v.(int); ok && n > 100 {
		return "big int"
	}
	if r, ok := v.(io.Reader); ok {
		b, _ := io.ReadAll(r)
		return "reader with " + string(b)
	}
	if st, ok := v.(fmt.Stringer); ok {
		return "stringer " + st.String()
	}
	return fmt.Sprintf("other %v", v)
}

type ID int

func (i ID) String() string { return fmt.Sprintf("ID-%03d", int(i)) }

func main() {
	for _, v := range []any{"abc", 500, 5, strings.NewReader("data"), ID(7), nil} {
		fmt.Println(describe(v))
	}

	var x any = 3.5
	f := x.(float64)
	_, isInt := x.(int)
	fmt.Println(f*2, isInt)
}
