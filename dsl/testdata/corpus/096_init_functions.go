package main

import "fmt"

var registry = map[string]int{}

var order []string

func init() {
	registry["first"] = 1
	order = append(order, "init 1")
}

func init() {
	registry["second"] = 2
	order = append(order, "init 2")
}

func main() {
	fmt.Println(order)
	fmt.Println(len(registry), registry["first"], registry["second"])
}
