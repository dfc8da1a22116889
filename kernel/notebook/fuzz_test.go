package notebook

import "testing"

// FuzzParseNotebook: any bytes give a notebook or an error, and a parsed
// notebook marshals and parses again.
func FuzzParseNotebook(f *testing.F) {
	f.Add([]byte(`{"cells":[{"cell_type":"code","source":["1+2"],"metadata":{"tags":["parameters"]},"outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}`))
	f.Add([]byte(`{"cells":[{"cell_type":"markdown","source":"# t"},{"cell_type":"raw","source":3}],"nbformat":4}`))
	f.Add([]byte(`{"cells":null,"nbformat":3}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		nb, err := Parse(data)
		if err != nil {
			return
		}
		b, err := nb.Marshal()
		if err != nil {
			t.Fatalf("parsed notebook does not marshal: %v", err)
		}
		if _, err := Parse(b); err != nil {
			t.Fatalf("marshalled notebook does not parse: %v\n%s", err, b)
		}
	})
}

// FuzzSplitScript: a script splits into cells whose code comes from it.
func FuzzSplitScript(f *testing.F) {
	f.Add("x := 1\n// %%\nx\n// %% [markdown]\n// # t\n// %% tags=[\"parameters\"]\nlr := 0.1\n")
	f.Add("// %% tags=[\"x\"\r\n")
	f.Fuzz(func(t *testing.T, src string) {
		for _, c := range SplitScript(src) {
			if c.Line < 1 {
				t.Fatalf("cell at line %d", c.Line)
			}
		}
	})
}
