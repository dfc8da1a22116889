package kernel

import (
	"encoding/json"

	"github.com/eoslab/eoslab/kernel/vocab"
)

// Contents of the messages the server reads and sends. Fields are declared
// in the order of their JSON names, so the encoded bytes are those of the
// sorted-key objects the protocol tests record; omitempty marks the keys
// that are absent in some messages of the type.

// executeRequest is the content of execute_request. The pointers are the
// fields whose default depends on other fields.
type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      bool              `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

// codeRequest is the content of is_complete_request, complete_request and
// inspect_request; a missing cursor_pos means the end of code.
type codeRequest struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// historyRequest is the content of history_request.
type historyRequest struct {
	Output         bool   `json:"output"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          *int   `json:"start"`
	Stop           int    `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// commOpen is the content of comm_open.
type commOpen struct {
	CommID string `json:"comm_id"`
}

// shutdownRequest is the content of shutdown_request.
type shutdownRequest struct {
	Restart bool `json:"restart"`
}

// inputReply is the content of input_reply.
type inputReply struct {
	Value string `json:"value"`
}

// noContent is the content of requests whose fields the server ignores
// (kernel_info_request, comm_info_request, interrupt_request, ...).
type noContent struct{}

// statusContent is the content of status.
type statusContent struct {
	ExecutionState string `json:"execution_state"`
}

// welcomeContent is the content of iopub_welcome (JEP 65).
type welcomeContent struct {
	Subscription string `json:"subscription"`
}

// executeInput is the content of execute_input.
type executeInput struct {
	Code           string `json:"code"`
	ExecutionCount int    `json:"execution_count"`
}

// inputRequest is the content of input_request.
type inputRequest struct {
	Password bool   `json:"password"`
	Prompt   string `json:"prompt"`
}

// helpLink is one entry of kernel_info_reply.help_links.
type helpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// kernelInfoReply is the content of kernel_info_reply.
type kernelInfoReply struct {
	Banner                string             `json:"banner"`
	Debugger              bool               `json:"debugger"`
	HelpLinks             []helpLink         `json:"help_links"`
	Implementation        string             `json:"implementation"`
	ImplementationVersion string             `json:"implementation_version"`
	LanguageInfo          vocab.LanguageInfo `json:"language_info"`
	ProtocolVersion       string             `json:"protocol_version"`
	Status                string             `json:"status"`
	// SupportedFeatures lists the optional features (JEP 92).
	SupportedFeatures []string `json:"supported_features"`
}

// executeReply is the content of execute_reply. The error fields are set
// only with status "error"; payload and user_expressions are nil (absent)
// when the cell was aborted or the worker failed, and empty otherwise.
type executeReply struct {
	Ename           *string                    `json:"ename,omitempty"`
	Evalue          *string                    `json:"evalue,omitempty"`
	ExecutionCount  int                        `json:"execution_count"`
	Payload         []map[string]any           `json:"payload,omitzero"`
	Status          string                     `json:"status"`
	Traceback       []string                   `json:"traceback,omitzero"`
	UserExpressions map[string]json.RawMessage `json:"user_expressions,omitzero"`
}

// executeMetadata is the metadata of execute_reply: whether the worker was
// restarted during the cell (every earlier definition is gone).
type executeMetadata struct {
	Eoslab struct {
		StateLost bool `json:"state_lost"`
	} `json:"eoslab"`
	Status string `json:"status"`
}

// isCompleteReply is the content of is_complete_reply; indent is present
// only with status "incomplete".
type isCompleteReply struct {
	Indent *string `json:"indent,omitempty"`
	Status string  `json:"status"`
}

// completeReply is the content of complete_reply; cursors are in code
// points.
type completeReply struct {
	CursorEnd   int      `json:"cursor_end"`
	CursorStart int      `json:"cursor_start"`
	Matches     []string `json:"matches"`
	Metadata    struct{} `json:"metadata"`
	Status      string   `json:"status"`
}

// inspectReply is the content of inspect_reply: a MIME bundle.
type inspectReply struct {
	Data     map[string]any `json:"data"`
	Found    bool           `json:"found"`
	Metadata map[string]any `json:"metadata"`
	Status   string         `json:"status"`
}

// historyReply is the content of history_reply. Each entry is a
// [session, line, input] or [session, line, [input, output]] array.
type historyReply struct {
	History []any  `json:"history"`
	Status  string `json:"status"`
}

// commInfoReply is the content of comm_info_reply: no comms are open.
type commInfoReply struct {
	Comms  struct{} `json:"comms"`
	Status string   `json:"status"`
}

// commClose is the content of comm_close.
type commClose struct {
	CommID string   `json:"comm_id"`
	Data   struct{} `json:"data"`
}

// statusReply is the content of replies that carry only a status
// (interrupt_reply).
type statusReply struct {
	Status string `json:"status"`
}

// shutdownReply is the content of shutdown_reply.
type shutdownReply struct {
	Restart bool   `json:"restart"`
	Status  string `json:"status"`
}

// errorReply is the content of the reply to a request the server does not
// implement or whose content it cannot read.
type errorReply struct {
	Ename     string   `json:"ename"`
	Evalue    string   `json:"evalue"`
	Status    string   `json:"status"`
	Traceback []string `json:"traceback"`
}
