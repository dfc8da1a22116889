package vocab

import (
	"errors"
	"reflect"
	"testing"
)

func TestMessages(t *testing.T) {
	png := map[string]any{"width": 640}
	tests := []struct {
		name string
		got  Message
		want Message
	}{
		{"display", DisplayMessage(&Bundle{Data: map[string]any{"text/plain": "a"}}),
			Message{"display_data", map[string]any{"data": map[string]any{"text/plain": "a"}, "metadata": map[string]any{}, "transient": map[string]any{}}}},
		{"named display", DisplayMessage(&Bundle{Data: map[string]any{"text/plain": "b"}, Metadata: map[string]any{"image/png": png}, DisplayID: "bar"}),
			Message{"display_data", map[string]any{"data": map[string]any{"text/plain": "b"}, "metadata": map[string]any{"image/png": png}, "transient": map[string]any{"display_id": "bar"}}}},
		{"update", DisplayMessage(&Bundle{Data: map[string]any{"text/plain": "c"}, DisplayID: "bar", Update: true}),
			Message{"update_display_data", map[string]any{"data": map[string]any{"text/plain": "c"}, "metadata": map[string]any{}, "transient": map[string]any{"display_id": "bar"}}}},
		{"empty display", DisplayMessage(&Bundle{}),
			Message{"display_data", map[string]any{"data": map[string]any{}, "metadata": map[string]any{}, "transient": map[string]any{}}}},
		{"clear", ClearMessage(true), Message{"clear_output", map[string]any{"wait": true}}},
		{"stream", StreamMessage("stderr", "x\n"), Message{"stream", map[string]any{"name": "stderr", "text": "x\n"}}},
		{"result", ResultMessage(3, &Bundle{Data: map[string]any{"text/plain": "42"}, DisplayID: "d"}),
			Message{"execute_result", map[string]any{"execution_count": 3, "data": map[string]any{"text/plain": "42"}, "metadata": map[string]any{}}}},
		{"error", ErrorMessage(&CellError{Name: "panic", Value: "x", Traceback: []string{"l1"}}),
			Message{"error", map[string]any{"ename": "panic", "evalue": "x", "traceback": []string{"l1"}}}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}

func TestUserExpressionContent(t *testing.T) {
	tests := []struct {
		name string
		u    UserExpression
		want map[string]any
	}{
		{"value", UserExpression{Bundle: &Bundle{Data: map[string]any{"text/plain": "1"}, DisplayID: "x"}},
			map[string]any{"status": "ok", "data": map[string]any{"text/plain": "1"}, "metadata": map[string]any{}}},
		{"no value", UserExpression{}, map[string]any{"status": "ok", "data": map[string]any{}, "metadata": map[string]any{}}},
		{"error", UserExpression{Error: &CellError{Name: "EvalError", Value: "bad"}},
			map[string]any{"status": "error", "ename": "EvalError", "evalue": "bad", "traceback": []string{"EvalError: bad"}}},
	}
	for _, tt := range tests {
		if got := tt.u.Content(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAsCellError(t *testing.T) {
	ce := &CellError{Name: "panic", Value: "x", Traceback: []string{"l1"}}
	if got := AsCellError(errors.Join(errors.New("ctx"), ce)); got != ce {
		t.Errorf("wrapped cell error: %v", got)
	}
	got := AsCellError(errors.New("plain"))
	if got.Name != "Error" || got.Value != "plain" || !reflect.DeepEqual(got.Traceback, []string{"plain"}) {
		t.Errorf("plain error: %+v", got)
	}
}

func TestGoLanguageInfo(t *testing.T) {
	c := Go().Content()
	for k, v := range map[string]string{"name": "go", "file_extension": ".go", "mimetype": "text/x-go"} {
		if c[k] != v {
			t.Errorf("language_info %s = %v, want %s", k, c[k], v)
		}
	}
	if c["version"] == "" || c["version"] == nil {
		t.Errorf("language_info has no version: %v", c)
	}
	l := Go()
	l.Version = ""
	if _, ok := l.Content()["version"]; ok {
		t.Error("an empty field must be left out")
	}
}
