package main

import "fmt"

type Level int

func (l Level) String() string { return [...]string{"low", "mid", "high"}[l] }

type Temp struct{ C float64 }

func (t *Temp) String() string { return fmt.Sprintf("%.1f°C", t.C) }

type Reading struct {
	Sensor string
	Level  Level
	Temp   *Temp
	Raw    Temp
}

func main() {
	r := Reading{"s1", 2, &Temp{21.5}, Temp{3}}
	fmt.Println(r)
	fmt.Printf("%+v\n", r)
	fmt.Println(r.Level, r.Temp, r.Raw, &r.Raw)
	fmt.Println([]Level{0, 1}, map[Level]int{2: 1, 0: 5})
	fmt.Printf("%d %s %v\n", r.Level, r.Level, []*Temp{{1}, {2}})
}
