package main

import (
	"fmt"
	"strings"
)

type resource struct{ name string }

func open(name string, log *[]string) (*resource, func()) {
	*log = append(*log, "open "+name)
	return &resource{name}, func() { *log = append(*log, "close "+name) }
}

func work() (log []string) {
	var cleanups []func()
	defer func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}()
	for _, n := range []string{"a", "b"} {
		_, closeIt := open(n, &log)
		cleanups = append(cleanups, closeIt)
	}
	done := func(msg string) { log = append(log, "done: "+msg) }
	defer done("work")
	return log
}

func tokens(s string) []string {
	var out []string
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			j := i + 1
			for j < len(s) && s[j] != '"' {
				j++
			}
			out = append(out, s[i:j+1])
			i = j
			continue
		}
		if s[i] != ' ' {
			out = append(out, string(s[i]))
		}
	}
	return out
}

func main() {
	fmt.Println(strings.Join(work(), "; "))
	fmt.Println(strings.Join(tokens(`a "b c" d`), "|"))

	total := 0
	add := func(k int) { total += k }
	func() {
		defer add(10)
		for i := 0; i < 3; i++ {
			defer func() { add(i) }()
		}
	}()
	fmt.Println("total", total)
}
