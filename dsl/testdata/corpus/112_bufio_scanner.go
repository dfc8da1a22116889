package main

import (
	"bufio"
	"fmt"
	"strings"
)

const input = `# experiment log
step 0 loss 2.30
step 10 loss 1.10

step 20 loss 0.50
`

func main() {
	sc := bufio.NewScanner(strings.NewReader(input))
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var step int
		var loss float64
		if _, err := fmt.Sscanf(line, "step %d loss %f", &step, &loss); err != nil {
			fmt.Println("bad line:", err)
			continue
		}
		n++
		fmt.Printf("%3d %.2f\n", step, loss)
	}
	fmt.Println("records", n, sc.Err())

	words := bufio.NewScanner(strings.NewReader("one two  three\nfour"))
	words.Split(bufio.ScanWords)
	count := 0
	for words.Scan() {
		count++
	}
	fmt.Println("words", count)
}
