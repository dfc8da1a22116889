package main

import (
	"bytes"
	"fmt"
)

func main() {
	b := []byte("  hello, bytes world  ")
	t := bytes.TrimSpace(b)
	fmt.Printf("%s|%d\n", t, len(t))
	fmt.Println(bytes.Contains(t, []byte("bytes")), bytes.Index(t, []byte("world")))

	parts := bytes.Split(t, []byte(", "))
	for _, p := range parts {
		fmt.Printf("%q ", p)
	}
	fmt.Println()

	fmt.Printf("%s\n", bytes.Join([][]byte{[]byte("a"), []byte("b")}, []byte("+")))
	fmt.Println(bytes.Compare([]byte("a"), []byte("b")), bytes.HasPrefix(t, []byte("hell")))

	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%d-%d", 1, 2)
	buf.WriteByte('!')
	line, err := buf.ReadString('-')
	fmt.Printf("%q %v %q\n", line, err, buf.String())

	r := bytes.NewReader([]byte("xyz"))
	c, _ := r.ReadByte()
	fmt.Println(string(c), r.Len())
}
