package main

import (
	"fmt"
	"strconv"
)

func main() {
	n, err := strconv.Atoi("123")
	fmt.Println(n+1, err)

	_, err = strconv.Atoi("12a")
	fmt.Println(err)

	f, _ := strconv.ParseFloat("2.5e-3", 64)
	fmt.Println(f)

	b, _ := strconv.ParseBool("true")
	i, _ := strconv.ParseInt("-ff", 16, 64)
	u, err := strconv.ParseUint("300", 10, 8)
	fmt.Println(b, i, u, err)

	fmt.Println(strconv.Itoa(-45), strconv.FormatInt(255, 2), strconv.FormatFloat(1.0/3, 'f', 4, 64))
	fmt.Println(strconv.Quote("tab\there"), strconv.QuoteRune('☺'), strconv.FormatBool(false))

	s, err := strconv.Unquote(`"a\nb"`)
	fmt.Printf("%q %v\n", s, err)

	buf := strconv.AppendInt([]byte("n="), 42, 10)
	fmt.Println(string(buf))
}
