package main

import (
	"encoding/json"
	"fmt"
	"reflect"
)

type In struct {
	A int
	b string
}
type Node struct {
	V    int   `json:"v"`
	Next *Node `json:"next,omitempty"`
}
type base struct{ K int }
type Wrap struct {
	base
	L int
	_ int
}
type Outer struct {
	In
	M map[string]In
	S []*In
}

func main() {
	b, _ := json.Marshal(Node{1, &Node{2, nil}})
	fmt.Println(string(b))
	b, _ = json.Marshal(Wrap{base{1}, 2, 0})
	fmt.Println(string(b))
	var o Outer
	err := json.Unmarshal([]byte(`{"A":3,"M":{"k":{"A":4}},"S":[{"A":5},null]}`), &o)
	fmt.Println(o.A, o.M["k"].A, o.S[0].A, o.S[1] == nil, err)
	b, _ = json.Marshal([]Outer{o})
	fmt.Println(string(b))
	var nilp *Outer
	b, _ = json.Marshal(nilp)
	fmt.Println(string(b))
	f, ok := reflect.TypeOf(o).FieldByName("A")
	fmt.Println(f.Index, ok, f.Type == reflect.TypeOf(0))
	g, _ := reflect.TypeOf(o).FieldByName("In")
	fmt.Println(g.Type == reflect.TypeOf(In{}), g.Anonymous)
	fmt.Println(reflect.ValueOf(o).FieldByName("A").Int(), reflect.ValueOf(o).FieldByName("Z").IsValid())
	fmt.Println(reflect.TypeOf(In{}).FieldByIndex([]int{1}).Name, reflect.TypeOf(Wrap{}).Field(2).Name)
	var x any = o
	b, _ = json.Marshal(x)
	fmt.Println(string(b))
}
