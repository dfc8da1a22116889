package dsl

import (
	"strings"
	"testing"
)

// TestUniqueHandles checks unique.Make: equal values give equal handles
// (of cell types too), Value gives the value back, and handles key maps.
func TestUniqueHandles(t *testing.T) {
	const def = "import \"unique\"\ntype pt struct{ x, y int }"
	cases := []struct{ cell, want string }{
		{`unique.Make("a" + "b") == unique.Make("ab")`, "true"},
		{`unique.Make("a") == unique.Make("b")`, "false"},
		{`unique.Make(pt{1, 2}) == unique.Make(pt{1, 2})`, "true"},
		{`unique.Make(pt{1, 2}) == unique.Make(pt{2, 1})`, "false"},
		{`unique.Make(pt{3, 4}).Value().y`, "4"},
		{"m := map[unique.Handle[int]]int{}\nfor _, v := range []int{1, 2, 1} {\n\tm[unique.Make(v)]++\n}\nm[unique.Make(1)]", "2"},
		{`var h unique.Handle[string]; h == unique.Make("")`, "false"},
	}
	for _, c := range cases {
		t.Run(c.cell, func(t *testing.T) {
			s, _ := testSession(t)
			b, err := run(t, s, nil, def, c.cell)
			if err != nil || resultText(b) != c.want {
				t.Fatalf("got %s, %v; want %s", resultText(b), err, c.want)
			}
		})
	}
}

// TestWeakPointerIsClearedByTheCollector checks weak.Pointer against the
// runtime's garbage collector: Value is the pointer while the object is
// reachable and nil once the last reference is gone and a collection ran.
// A pointer Value returned in a cell stays in the cell's frame until the
// cell ends (the difference uniqueweak.go documents): cleared in the next.
func TestWeakPointerIsClearedByTheCollector(t *testing.T) {
	s, out := testSession(t)
	_, err := run(t, s, nil, `import ("fmt"; "runtime"; "weak")
type blob struct {
	data [64]int
	name string
}
func dropped() weak.Pointer[blob] { return weak.Make(&blob{name: "dropped"}) }
func live(w weak.Pointer[blob]) bool { return w.Value() != nil }`,
		`kept := &blob{name: "kept"}
w := weak.Make(kept)
d := dropped()
fmt.Println(live(d))
runtime.GC()
fmt.Println(live(d), w.Value() == kept, w.Value().name, w == weak.Make(kept), d == w)
runtime.KeepAlive(kept)`,
		`kept = nil
fmt.Println(w.Value() != nil)`,
		`runtime.GC()
fmt.Println(w.Value() == nil)`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "true\nfalse true kept true false\ntrue\ntrue\n"; got != want {
		t.Fatalf("printed %q, want %q", got, want)
	}
}

// TestWeakNil checks the zero Pointer and Make(nil): equal, and nil.
func TestWeakNil(t *testing.T) {
	s, _ := testSession(t)
	b, err := run(t, s, nil, "import \"weak\"\nvar z weak.Pointer[int]", `z == weak.Make[int](nil) && z.Value() == nil`)
	if err != nil || !strings.Contains(resultText(b), "true") {
		t.Fatalf("got %s, %v; want true", resultText(b), err)
	}
}
