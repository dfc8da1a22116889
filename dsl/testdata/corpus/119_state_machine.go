package main

import "fmt"

type State int

const (
	Idle State = iota
	Running
	Paused
	Stopped
)

var names = [...]string{"idle", "running", "paused", "stopped"}

func (s State) String() string { return names[s] }

type Event string

var transitions = map[State]map[Event]State{
	Idle:    {"start": Running},
	Running: {"pause": Paused, "stop": Stopped},
	Paused:  {"resume": Running, "stop": Stopped},
}

func step(s State, e Event) (State, error) {
	next, ok := transitions[s][e]
	if !ok {
		return s, fmt.Errorf("no transition from %v on %q", s, e)
	}
	return next, nil
}

func main() {
	s := Idle
	for _, e := range []Event{"start", "pause", "start", "resume", "stop", "start"} {
		next, err := step(s, e)
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Printf("%v --%s--> %v\n", s, e, next)
		s = next
	}
	fmt.Println("final", s)
}
