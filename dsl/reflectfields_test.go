package dsl

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// yaegiStruct builds a struct type as yaegi does: exported names, no
// embedding unless the field is alone.
func yaegiStruct(fields ...reflect.StructField) reflect.Type { return reflect.StructOf(fields) }

// TestGoViewOfYaegiTypes builds views of struct types made as yaegi makes
// them and checks what encoding/json and reflect see through them.
func TestGoViewOfYaegiTypes(t *testing.T) {
	intT, strT := reflect.TypeOf(0), reflect.TypeOf("")
	inner := yaegiStruct(reflect.StructField{Name: "A", Type: intT, Tag: `json:"a"`}, reflect.StructField{Name: "Xb", Type: strT, Tag: `json:"-" xml:"-" yaml:"-"`})
	outer := yaegiStruct(reflect.StructField{Name: "Inner", Type: inner}, reflect.StructField{Name: "C", Type: intT})
	stamped := yaegiStruct(reflect.StructField{Name: "N", Type: intT}, reflect.StructField{Name: "Time", Type: reflect.TypeOf(time.Time{})})
	rtDeclareFields([]any{reflect.New(inner).Interface(), reflect.New(outer).Interface(), reflect.New(stamped).Interface()}, [][]CellField{
		{{Name: "A", Tag: `json:"a"`}, {Name: "b"}},
		{{Name: "Inner", Embedded: true}, {Name: "C"}},
		{{Name: "N"}, {Name: "Time", Embedded: true}},
	})
	tests := []struct {
		name string
		typ  reflect.Type
		want string // the fields of the view: name, package path, embedded, tag
	}{
		{"unexported field, declared tag", inner, `A "" false json:"a"|b "main" false `},
		{"embedded struct after the first field", outer, `Inner "" true |C "" false `},
		{"embedded type with methods StructOf cannot embed: the type itself", stamped, ""},
		{"slice of the struct", reflect.SliceOf(outer), "slice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := goView(tc.typ)
			if tc.want == "" {
				if v != tc.typ {
					t.Errorf("view %v, want the type itself", v)
				}
				return
			}
			if v == tc.typ {
				t.Fatalf("no view of %v", tc.typ)
			}
			if yaegiType(v) != tc.typ {
				t.Errorf("yaegiType(view) = %v, want the type it was built from", yaegiType(v))
			}
			if v.Kind() != reflect.Struct {
				if v.Elem() != goView(tc.typ.Elem()) {
					t.Errorf("element of the view is %v, want the element's view", v.Elem())
				}
				return
			}
			var got []string
			for i := range v.NumField() {
				f := v.Field(i)
				got = append(got, f.Name+" "+`"`+f.PkgPath+`" `+map[bool]string{true: "true", false: "false"}[f.Anonymous]+" "+string(f.Tag))
			}
			if g := strings.Join(got, "|"); g != tc.want {
				t.Errorf("view fields %s, want %s", g, tc.want)
			}
		})
	}
}

// TestGoValueSharesMemory checks that a decoder writing through the view
// writes the cell's variable, and that encoding reads it.
func TestGoValueSharesMemory(t *testing.T) {
	intT := reflect.TypeOf(0)
	inner := yaegiStruct(reflect.StructField{Name: "A", Type: intT}, reflect.StructField{Name: "Xhidden", Type: intT})
	outer := yaegiStruct(reflect.StructField{Name: "Inner", Type: inner}, reflect.StructField{Name: "M", Type: reflect.MapOf(reflect.TypeOf(""), inner)})
	rtDeclareFields([]any{reflect.New(inner).Interface(), reflect.New(outer).Interface()}, [][]CellField{
		{{Name: "A"}, {Name: "hidden"}}, {{Name: "Inner", Embedded: true}, {Name: "M"}},
	})
	p := reflect.New(outer)
	if err := json.Unmarshal([]byte(`{"A":3,"hidden":9,"Xhidden":9,"M":{"k":{"A":4}}}`), goValue(p.Interface())); err != nil {
		t.Fatal(err)
	}
	v := p.Elem()
	if a, h, m := v.Field(0).Field(0).Int(), v.Field(0).Field(1).Int(), v.Field(1).MapIndex(reflect.ValueOf("k")).Field(0).Int(); a != 3 || h != 0 || m != 4 {
		t.Errorf("decoded A=%d hidden=%d M[k].A=%d, want 3 0 4", a, h, m)
	}
	b, err := json.Marshal(goValue(v.Interface()))
	if want := `{"A":3,"M":{"k":{"A":4}}}`; err != nil || string(b) != want {
		t.Errorf("encoded %s (%v), want %s", b, err, want)
	}
	if got := goValue(reflect.Zero(reflect.PointerTo(outer)).Interface()); !reflect.ValueOf(got).IsNil() || reflect.TypeOf(got) != goView(reflect.PointerTo(outer)) {
		t.Errorf("goValue of a nil pointer is %#v, want a nil pointer of the view", got)
	}
	if got := goValue(7); got != 7 {
		t.Errorf("goValue(7) = %v, want 7 itself", got)
	}
}
