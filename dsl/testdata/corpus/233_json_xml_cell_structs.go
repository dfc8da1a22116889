package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
)

type Config struct {
	Name, note string
	LR         float64 `json:"lr"`
	cache      []int   `json:"cache"`
	Layers     []Layer `json:"layers,omitempty"`
	_          int
}

type Layer struct {
	Width int    `json:"width" xml:"width,attr"`
	Act   string `json:"act,omitempty" xml:"act"`
	seen  bool
}

func main() {
	c := Config{Name: "fc", note: "private", LR: 0.1, cache: []int{1}, Layers: []Layer{{Width: 8, Act: "tanh", seen: true}}}
	b, err := json.Marshal(c)
	fmt.Println(string(b), err)

	var back Config
	err = json.Unmarshal([]byte(`{"Name":"cnn","note":"x","lr":0.5,"cache":[2],"layers":[{"width":4,"seen":true}]}`), &back)
	fmt.Printf("%+v %v\n", back, err)

	err = json.Unmarshal([]byte(`{"layers":[{"width":"wide"}]}`), &back)
	fmt.Println(err)
	err = json.NewDecoder(strings.NewReader(`{"lr":"high"}`)).Decode(&back)
	fmt.Println(err)

	x, err := xml.MarshalIndent([]Layer{{Width: 1}}, "", " ")
	fmt.Println(string(x), err)
	var sb strings.Builder
	enc := xml.NewEncoder(&sb)
	fmt.Println(enc.Encode(&Layer{Width: 3}), sb.String())

	x, err = xml.Marshal(Layer{Width: 2, Act: "relu", seen: true})
	fmt.Println(string(x), err)
	var lx Layer
	fmt.Println(xml.Unmarshal(x, &lx), lx.Width, lx.Act, lx.seen)
}
