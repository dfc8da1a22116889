package main

import (
	"fmt"
	"unicode/utf8"
)

func main() {
	s := "aé世🙂"
	fmt.Println(len(s), utf8.RuneCountInString(s))

	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		fmt.Printf("%d %c %d\n", i, r, size)
		i += size
	}

	r, size := utf8.DecodeLastRuneInString(s)
	fmt.Println(string(r), size)

	fmt.Println(utf8.ValidString(s), utf8.ValidString("\xff"), utf8.RuneLen('世'))

	buf := make([]byte, 0, 8)
	buf = utf8.AppendRune(buf, 'λ')
	fmt.Println(buf, utf8.FullRune(buf[:1]))

	bad, n := utf8.DecodeRuneInString("\xffx")
	fmt.Println(bad == utf8.RuneError, n)
}
