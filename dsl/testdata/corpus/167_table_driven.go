package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

func parseLR(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("empty")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("bad lr %q", s)
	}
	if v <= 0 {
		return 0, fmt.Errorf("lr must be positive, got %g", v)
	}
	return v, nil
}

func main() {
	tests := []struct {
		in      string
		want    float64
		wantErr bool
	}{
		{"0.1", 0.1, false},
		{" 2e-3 ", 0.002, false},
		{"", 0, true},
		{"fast", 0, true},
		{"-1", 0, true},
	}
	pass := 0
	for i, tc := range tests {
		got, err := parseLR(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			fmt.Printf("case %d FAIL: got %v, %v\n", i, got, err)
			continue
		}
		pass++
		if err != nil {
			fmt.Printf("case %d ok (error: %v)\n", i, err)
		} else {
			fmt.Printf("case %d ok (%g)\n", i, got)
		}
	}
	fmt.Printf("%d/%d passed\n", pass, len(tests))
}
