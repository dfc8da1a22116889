package vocab

import (
	"reflect"
	"testing"
)

// Frontends show only the traceback of an error, so an error without one
// (an interrupted cell) must still carry a line naming it.
func TestCellErrorContentAlwaysHasATraceback(t *testing.T) {
	tests := []struct {
		err  CellError
		want []string
	}{
		{CellError{Name: "Interrupted", Value: "the cell was interrupted"}, []string{"Interrupted: the cell was interrupted"}},
		{CellError{Name: "panic", Value: "x", Traceback: []string{"panic: x", "at line 1"}}, []string{"panic: x", "at line 1"}},
	}
	for _, tt := range tests {
		if got := tt.err.Content()["traceback"]; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: traceback %q, want %q", tt.err.Name, got, tt.want)
		}
	}
}
