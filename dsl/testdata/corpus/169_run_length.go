package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

func encode(s string) string {
	var b strings.Builder
	runes := []rune(s)
	for i := 0; i < len(runes); {
		j := i
		for j < len(runes) && runes[j] == runes[i] {
			j++
		}
		b.WriteString(strconv.Itoa(j - i))
		b.WriteRune(runes[i])
		i = j
	}
	return b.String()
}

func decode(s string) (string, error) {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n = n*10 + int(r-'0')
			continue
		}
		if n == 0 {
			return "", fmt.Errorf("missing count before %q", r)
		}
		b.WriteString(strings.Repeat(string(r), n))
		n = 0
	}
	return b.String(), nil
}

func main() {
	for _, s := range []string{"aaabccdddd", "héééllo", ""} {
		e := encode(s)
		d, err := decode(e)
		fmt.Printf("%q -> %q -> %q %v\n", s, e, d, err)
	}
	_, err := decode("x")
	fmt.Println(err)
}
