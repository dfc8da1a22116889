package main

import (
	"fmt"
	"strings"
)

func main() {
	s := "naïve café"
	fmt.Println(strings.IndexRune(s, 'é'), strings.IndexByte(s, 'c'), strings.ContainsRune(s, 'ï'))
	fmt.Println(strings.ToValidUTF8("ok\xffbad", "?"))
	fmt.Println(strings.ToUpper(s))

	for line := range strings.Lines("first\nsecond\nthird") {
		fmt.Printf("%q\n", line)
	}

	fields := strings.FieldsFunc("a1b22c333", func(r rune) bool { return r >= '0' && r <= '9' })
	fmt.Println(fields, len(fields))

	fmt.Println(strings.SplitN("a,b,c,d", ",", 2), strings.SplitAfter("a,b", ","))
	fmt.Println(strings.TrimFunc("123abc456", func(r rune) bool { return r < 'a' }))
	fmt.Println(strings.Compare("a", "b"), strings.ContainsAny("hello", "xyz"), strings.LastIndexAny("golang", "go"))
}
