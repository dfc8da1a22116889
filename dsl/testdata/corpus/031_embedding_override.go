package main

import "fmt"

type Logger struct{ prefix string }

func (l Logger) Log(msg string) string { return l.prefix + msg }
func (l Logger) Level() string         { return "info" }

type Service struct {
	Logger
	name string
}

// Level shadows the promoted method.
func (s Service) Level() string { return "debug:" + s.Logger.Level() }

type Base struct{ ID int }
type Mid struct {
	Base
	ID string // shallower field wins
}
type Top struct{ Mid }

func main() {
	s := Service{Logger{"[svc] "}, "api"}
	fmt.Println(s.Log("start"), s.Level())

	t := Top{Mid{Base{7}, "seven"}}
	fmt.Println(t.ID, t.Base.ID, t.Mid.Base.ID)

	type Leveler interface{ Level() string }
	var l Leveler = s
	fmt.Println(l.Level())
	l = s.Logger
	fmt.Println(l.Level())
}
