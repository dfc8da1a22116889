package main

import (
	"fmt"
	"io"
	"strings"
)

type Reader interface{ Read() string }
type Writer interface{ Write(s string) }
type ReadWriter interface {
	Reader
	Writer
}

type buffer struct{ data []string }

func (b *buffer) Write(s string) { b.data = append(b.data, s) }
func (b *buffer) Read() string {
	if len(b.data) == 0 {
		return ""
	}
	s := b.data[0]
	b.data = b.data[1:]
	return s
}

type upper struct{ io.Reader }

func main() {
	var rw ReadWriter = &buffer{}
	rw.Write("one")
	rw.Write("two")
	var r Reader = rw
	fmt.Println(r.Read(), rw.Read(), rw.Read() == "")

	u := upper{strings.NewReader("embedded interface")}
	b, _ := io.ReadAll(u)
	fmt.Println(strings.ToUpper(string(b)))

	_, isW := r.(Writer)
	fmt.Println("reader is also writer:", isW)
}
