package main

import (
	"fmt"
	"strings"
)

type Store interface {
	Get(key string) (string, bool)
	Set(key, val string)
}

type mapStore struct{ m map[string]string }

func (s *mapStore) Get(k string) (string, bool) { v, ok := s.m[k]; return v, ok }
func (s *mapStore) Set(k, v string)             { s.m[k] = v }

// countingStore overrides Get and inherits Set from the embedded Store.
type countingStore struct {
	Store
	gets int
}

func (c *countingStore) Get(k string) (string, bool) {
	c.gets++
	return c.Store.Get(strings.ToLower(k))
}

func main() {
	var s Store = &countingStore{Store: &mapStore{m: map[string]string{}}}
	s.Set("lr", "0.1")
	v, ok := s.Get("LR")
	fmt.Println(v, ok)
	_, ok = s.Get("steps")
	fmt.Println(ok)
	fmt.Println("gets", s.(*countingStore).gets)
}
