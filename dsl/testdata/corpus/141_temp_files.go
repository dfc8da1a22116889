package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	dir, err := os.MkdirTemp("", "eoslab-corpus-")
	if err != nil {
		panic(err)
	}

	for i, name := range []string{"b.txt", "a.txt", "c.log"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Repeat("x", i+1)), 0o644); err != nil {
			panic(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		panic(err)
	}
	var names []string
	for _, e := range entries {
		info, _ := e.Info()
		names = append(names, fmt.Sprintf("%s:%d", e.Name(), info.Size()))
	}
	sort.Strings(names)
	fmt.Println(names)

	txt, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	fmt.Println(len(txt))
	b, err := os.ReadFile(filepath.Join(dir, "c.log"))
	fmt.Println(string(b), err)
	_, err = os.Stat(filepath.Join(dir, "nope"))
	fmt.Println(os.IsNotExist(err))

	if err := os.RemoveAll(dir); err != nil {
		panic(err)
	}
	_, err = os.Stat(dir)
	fmt.Println("removed:", os.IsNotExist(err))
}
