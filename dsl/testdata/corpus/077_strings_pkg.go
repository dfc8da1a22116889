package main

import (
	"fmt"
	"strings"
)

func main() {
	s := "  The quick brown fox  "
	t := strings.TrimSpace(s)
	fmt.Printf("%q\n", t)
	fmt.Println(strings.Fields(t), len(strings.Split(t, " ")))
	fmt.Println(strings.Contains(t, "quick"), strings.HasPrefix(t, "The"), strings.HasSuffix(t, "x"))
	fmt.Println(strings.Index(t, "brown"), strings.LastIndex(t, "o"), strings.Count(t, "o"))
	fmt.Println(strings.Replace(t, "o", "0", 1), strings.ReplaceAll(t, "o", "0"))
	fmt.Println(strings.ToUpper(t), strings.Repeat("ab", 3))

	before, after, found := strings.Cut("key=value", "=")
	fmt.Println(before, after, found)

	rest, ok := strings.CutPrefix("lr=0.1", "lr=")
	fmt.Println(rest, ok)

	fmt.Println(strings.Join([]string{"a", "b", "c"}, "-"), strings.ToTitle("x") == "X")
	fmt.Println(strings.Map(func(r rune) rune {
		if r == 'a' {
			return 'A'
		}
		return r
	}, "banana"))
	fmt.Println(strings.EqualFold("Go", "GO"), strings.TrimLeft("xxhixx", "x"), strings.TrimSuffix("file.go", ".go"))

	r := strings.NewReplacer("<", "&lt;", ">", "&gt;")
	fmt.Println(r.Replace("<b>bold</b>"))
}
