package main

import (
	"fmt"
	"io"
	"strings"
)

type countingWriter struct {
	w     io.Writer
	bytes int
	lines int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.bytes += n
	c.lines += strings.Count(string(p[:n]), "\n")
	return n, err
}

type upperWriter struct{ io.Writer }

func (u upperWriter) Write(p []byte) (int, error) {
	return u.Writer.Write([]byte(strings.ToUpper(string(p))))
}

func main() {
	var sb strings.Builder
	cw := &countingWriter{w: upperWriter{&sb}}
	fmt.Fprintf(cw, "step %d\n", 1)
	fmt.Fprintln(cw, "loss", 0.5)
	io.WriteString(cw, "done\n")
	fmt.Print(sb.String())
	fmt.Println(cw.bytes, cw.lines)

	var w io.Writer = cw
	_, isStringer := w.(fmt.Stringer)
	fmt.Println(isStringer)

	n, err := io.Copy(cw, strings.NewReader("copied\n"))
	fmt.Println(n, err, cw.lines)
}
