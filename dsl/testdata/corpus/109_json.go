package main

import (
	"encoding/json"
	"fmt"
)

type Run struct {
	Arch   string             `json:"arch"`
	LR     float64            `json:"lr"`
	Steps  int                `json:"steps,omitempty"`
	Losses []float64          `json:"losses"`
	Extra  map[string]float64 `json:"extra,omitempty"`
	secret string
}

func main() {
	r := Run{Arch: "fc-tanh", LR: 0.05, Losses: []float64{1.5, 0.75}, Extra: map[string]float64{"z": 1, "a": 2}, secret: "x"}
	b, err := json.Marshal(r)
	fmt.Println(string(b), err)

	var back Run
	if err := json.Unmarshal(b, &back); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", back)

	var generic map[string]any
	json.Unmarshal([]byte(`{"n": 3, "list": [1, "two", null], "ok": true}`), &generic)
	fmt.Println(generic["n"], generic["list"], generic["ok"])

	pretty, _ := json.MarshalIndent(map[string]int{"b": 1, "a": 2}, "", "  ")
	fmt.Println(string(pretty))

	err = json.Unmarshal([]byte(`{"lr": "fast"}`), &back)
	fmt.Println(err)
}
