package main

import (
	"fmt"
	"strings"
)

func table(rows [][]string) string {
	var b strings.Builder
	for i, row := range rows {
		for j, cell := range row {
			if j > 0 {
				b.WriteString(" | ")
			}
			fmt.Fprintf(&b, "%-6s", cell)
		}
		b.WriteByte('\n')
		if i == 0 {
			b.WriteString(strings.Repeat("-", 6*len(row)+3*(len(row)-1)))
			b.WriteRune('\n')
		}
	}
	return b.String()
}

func main() {
	fmt.Print(table([][]string{{"step", "loss"}, {"0", "2.30"}, {"100", "0.41"}}))

	var sb strings.Builder
	for i := 0; i < 5; i++ {
		sb.WriteString(fmt.Sprint(i))
	}
	fmt.Println(sb.String(), sb.Len())
	sb.Reset()
	sb.Grow(10)
	fmt.Println(sb.Len(), sb.String() == "")
}
