package main

import (
	"bytes"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"reflect"
)

type Config struct {
	LR    float64 `json:"lr"`
	Steps int     `json:"steps,omitempty"`
	note  string
}

type Run struct {
	Config
	Name string `json:"name"`
	seed int
}

type Meta struct{ Tags []string }

type Job struct {
	*Meta
	Run
	ID int
}

type Point struct {
	X, Y  float64
	label string
}

func main() {
	r := Run{Config: Config{LR: 0.1, Steps: 5, note: "n"}, Name: "a", seed: 3}
	b, err := json.Marshal(r)
	fmt.Println(string(b), err)
	var back Run
	err = json.Unmarshal([]byte(`{"lr":0.5,"steps":2,"name":"b"}`), &back)
	fmt.Println(back.LR, back.Steps, back.Name, err)
	j := Job{Meta: &Meta{Tags: []string{"x"}}, Run: r, ID: 7}
	b, _ = json.MarshalIndent(j, "", " ")
	fmt.Println(string(b))
	fmt.Printf("%+v\n", r)
	for _, f := range reflect.VisibleFields(reflect.TypeOf(j)) {
		fmt.Println(f.Name, f.Index, f.Anonymous, f.IsExported(), f.Tag)
	}
	t := reflect.TypeOf(r)
	for i := range t.NumField() {
		f := t.Field(i)
		fmt.Printf("%s %q %v %q\n", f.Name, f.Tag, f.Anonymous, f.PkgPath)
	}
	if f, ok := t.FieldByName("LR"); ok {
		fmt.Println(f.Index, f.Tag.Get("json"))
	}
	_, ok := t.FieldByName("Xseed")
	fmt.Println(ok)

	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(Point{1, 2, "p"}); err != nil {
		fmt.Println("encode:", err)
	}
	var q Point
	if err := gob.NewDecoder(&buf).Decode(&q); err != nil {
		fmt.Println("decode:", err)
	}
	fmt.Println(q.X, q.Y, q.label == "")
	buf.Reset()
	err = gob.NewEncoder(&buf).Encode(r)
	var r2 Run
	if err == nil {
		err = gob.NewDecoder(&buf).Decode(&r2)
	}
	fmt.Println(r2.LR, r2.Steps, r2.Name, r2.seed, err)
}
