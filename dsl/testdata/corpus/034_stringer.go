package main

import (
	"fmt"
	"strings"
)

type Color int

const (
	Red Color = iota
	Green
	Blue
)

func (c Color) String() string {
	switch c {
	case Red:
		return "red"
	case Green:
		return "green"
	case Blue:
		return "blue"
	}
	return fmt.Sprintf("Color(%d)", int(c))
}

type Matrix [][]int

func (m Matrix) String() string {
	var rows []string
	for _, r := range m {
		rows = append(rows, fmt.Sprint(r))
	}
	return strings.Join(rows, "\n")
}

type errCode int

func (e errCode) Error() string { return fmt.Sprintf("code %d", int(e)) }

func main() {
	fmt.Println(Red, Blue, Color(7))
	fmt.Printf("%v %s %d\n", Green, Green, Green)
	fmt.Println([]Color{Blue, Red})
	fmt.Println(Matrix{{1, 2}, {3, 4}})
	var err error = errCode(404)
	fmt.Println(err)
	fmt.Printf("%v|%s\n", err, errCode(1))
}
