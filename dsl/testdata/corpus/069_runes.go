package main

import (
	"fmt"
	"unicode"
)

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func main() {
	fmt.Println(reverse("Hello, 世界"))

	letters, digits, spaces := 0, 0, 0
	for _, c := range "Go 1.26 rocks!" {
		switch {
		case unicode.IsLetter(c):
			letters++
		case unicode.IsDigit(c):
			digits++
		case unicode.IsSpace(c):
			spaces++
		}
	}
	fmt.Println(letters, digits, spaces)

	var r rune = 'ß'
	fmt.Println(r, string(unicode.ToUpper(r)), unicode.IsUpper('Q'))
	fmt.Printf("%c %U %q\n", 'λ', 'λ', 'λ')
}
