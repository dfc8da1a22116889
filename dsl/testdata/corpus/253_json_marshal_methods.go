package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

type Event struct {
	Name string
	time.Time
}

type Celsius struct{ Deg float64 }

func (c Celsius) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{ "celsius" : %g }`, c.Deg)), nil
}

type Secret struct{ Key string }

func (s *Secret) MarshalJSON() ([]byte, error) {
	return []byte(`"` + strings.Repeat("*", len(s.Key)) + `"`), nil
}

type Plain struct {
	A int
	B string `json:"b,omitempty"`
}

func main() {
	e := Event{"launch", time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)}
	b, err := json.Marshal(e)
	fmt.Println(string(b), err)
	b, _ = json.Marshal(&e)
	fmt.Println(string(b))
	b, _ = json.Marshal(Celsius{21.5})
	fmt.Println(string(b))
	b, _ = json.MarshalIndent(Celsius{-3}, "", "  ")
	fmt.Println(string(b))
	s := Secret{"hunter2"}
	b, _ = json.Marshal(s)
	fmt.Println(string(b))
	b, _ = json.Marshal(&s)
	fmt.Println(string(b))
	b, _ = json.Marshal(Plain{A: 1})
	fmt.Println(string(b))
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(e); err != nil {
		fmt.Println(err)
	}
	fmt.Println(e)
}
