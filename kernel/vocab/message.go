package vocab

// Message is one iopub output of a running cell, as the supervisor hands it
// to the server or the headless runner: Type is "stream", "display_data",
// "update_display_data", "execute_result", "error" or "clear_output";
// Content is the message content of the Jupyter messaging spec. Build it
// with the functions below.
type Message struct {
	Type    string
	Content map[string]any
}

// PlainText is the text/plain representation of an execute_result or
// display message, "" if it has none.
func (m Message) PlainText() string {
	data, _ := m.Content["data"].(map[string]any)
	s, _ := data["text/plain"].(string)
	return s
}

// StreamMessage is text the cell wrote to name ("stdout" or "stderr").
func StreamMessage(name, text string) Message {
	return Message{"stream", map[string]any{"name": name, "text": text}}
}

// ErrorMessage is the cell's error output.
func ErrorMessage(e *CellError) Message { return Message{"error", e.Content()} }

// ResultMessage is the execute_result of the cell numbered count.
func ResultMessage(count int, b *Bundle) Message {
	c := b.Content()
	delete(c, "transient")
	c["execution_count"] = count
	return Message{"execute_result", c}
}

// DisplayMessage is a display_data, or an update_display_data when b.Update;
// its transient is always present (empty without a display id).
func DisplayMessage(b *Bundle) Message {
	typ := "display_data"
	if b.Update {
		typ = "update_display_data"
	}
	c := b.Content()
	if _, ok := c["transient"]; !ok {
		c["transient"] = map[string]any{}
	}
	return Message{typ, c}
}

// ClearMessage is a clear_output.
func ClearMessage(wait bool) Message { return Message{"clear_output", map[string]any{"wait": wait}} }

// OutputLimitEnv names the environment variable that sets the per-cell
// output limit: a byte count with an optional unit (KiB, MiB, GiB; K, M, G
// are read the same), from 1 KiB to 1 GiB.
const OutputLimitEnv = "EOSLAB_OUTPUT_LIMIT"
