package main

import (
	"bytes"
	"fmt"
)

func main() {
	s := "héllo"
	b := []byte(s)
	r := []rune(s)
	fmt.Println(len(s), len(b), len(r))
	fmt.Println(b)
	fmt.Println(r)

	b[0] = 'H'
	fmt.Println(s, string(b))

	r[1] = 'e'
	fmt.Println(string(r))

	fmt.Println(string(rune(65)), string(rune(0x4e16)), string([]byte{104, 105}))

	var buf bytes.Buffer
	buf.Write([]byte("from "))
	buf.WriteString("bytes")
	fmt.Println(buf.String(), buf.Len())

	fmt.Println(bytes.Equal([]byte("a"), []byte{'a'}), string(bytes.ToUpper(b)))
}
