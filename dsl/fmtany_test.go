package dsl

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/eoslab/eoslab/dsl/symbols/stdlib"
	"github.com/traefik/yaegi/interp"
)

// TestFmtAnyDescribesOnlyInterpreterValues checks that FmtAny calls the
// describer on yaegi's valueInterfaces only, wherever they are nested,
// and returns a value holding none as it is.
func TestFmtAnyDescribesOnlyInterpreterValues(t *testing.T) {
	in := interp.New(interp.Options{})
	if err := in.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := in.Eval(`type L int; func (l L) String() string { return "l" }; var held any = L(1)`); err != nil {
		t.Fatal(err)
	}
	held, err := in.Eval(`held`)
	if err != nil {
		t.Fatal(err)
	}
	iv := held.Interface()
	if !isInterpValue(reflect.ValueOf(iv)) {
		t.Fatalf("the interpreter holds %T, not its valueInterface: the canary in yaegi_test.go should fail too", iv)
	}
	describe := func(any) any { return "L!" }
	plain := []any{1, "s", nil}
	tests := []struct {
		name string
		x    any
		want string
	}{
		{"the value itself", iv, "L!"},
		{"in a slice", []any{iv, 2}, "[L! 2]"},
		{"in an array", [2]any{nil, iv}, "[<nil> L!]"},
		{"in a map", map[string]any{"b": 2, "a": iv}, "map[a:L! b:2]"},
		{"nested", map[int][]any{1: {iv}}, "map[1:[L!]]"},
		{"nil slice", []any(nil), "[]"},
		{"none", plain, "[1 s <nil>]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fmt.Sprint(rtFmtAny(tc.x, describe)); got != tc.want {
				t.Errorf("printed %s, want %s", got, tc.want)
			}
		})
	}
	if got := rtFmtAny(plain, describe); reflect.ValueOf(got).Pointer() != reflect.ValueOf(plain).Pointer() {
		t.Errorf("a slice without interpreter values is not returned as it is")
	}
}
