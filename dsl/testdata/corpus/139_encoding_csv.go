package main

import (
	"encoding/csv"
	"fmt"
	"os"
	"strconv"
	"strings"
)

const table = `step,loss,sharpness
0,2.302,12.5
100,0.803,"38.9"
200,0.412,40.1
`

func main() {
	r := csv.NewReader(strings.NewReader(table))
	rows, err := r.ReadAll()
	if err != nil {
		panic(err)
	}
	fmt.Println("header", rows[0])

	maxS := 0.0
	for _, row := range rows[1:] {
		s, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			fmt.Println("bad", err)
			continue
		}
		maxS = max(maxS, s)
	}
	fmt.Println("max sharpness", maxS)

	w := csv.NewWriter(os.Stdout)
	w.Write([]string{"name", "note"})
	w.Write([]string{"run 1", `has "quotes", commas`})
	w.Flush()
	fmt.Println(w.Error())
}
