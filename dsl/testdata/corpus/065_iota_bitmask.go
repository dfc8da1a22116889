package main

import (
	"fmt"
	"strings"
)

type Perm uint8

const (
	Read Perm = 1 << iota
	Write
	Exec
)

func (p Perm) String() string {
	var parts []string
	for _, x := range []struct {
		bit  Perm
		name string
	}{{Read, "r"}, {Write, "w"}, {Exec, "x"}} {
		if p&x.bit != 0 {
			parts = append(parts, x.name)
		} else {
			parts = append(parts, "-")
		}
	}
	return strings.Join(parts, "")
}

func main() {
	p := Read | Exec
	fmt.Println(p, uint8(p))
	p |= Write
	fmt.Println(p)
	p &^= Read
	fmt.Println(p, p&Write == Write)
	fmt.Printf("%03b %v\n", uint8(p), Perm(0))
}
