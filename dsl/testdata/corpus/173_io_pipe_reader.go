package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

func main() {
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriter(pw)
		for i := 0; i < 5; i++ {
			fmt.Fprintf(w, "line %d\n", i)
		}
		w.Flush()
		pw.Close()
	}()

	sc := bufio.NewScanner(pr)
	var lines []string
	for sc.Scan() {
		lines = append(lines, strings.ToUpper(sc.Text()))
	}
	fmt.Println(strings.Join(lines, ","))

	lr := io.LimitReader(strings.NewReader("0123456789"), 4)
	b, _ := io.ReadAll(lr)
	fmt.Println(string(b))

	mr := io.MultiReader(strings.NewReader("ab"), strings.NewReader("cd"))
	all, _ := io.ReadAll(mr)
	fmt.Println(string(all))

	var sb strings.Builder
	tee := io.TeeReader(strings.NewReader("tee"), &sb)
	io.ReadAll(tee)
	fmt.Println(sb.String())
}
