package kernel

import (
	"encoding/json"
	"fmt"
	"os"
)

// ConnectionInfo is a Jupyter connection file.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	SignatureScheme string `json:"signature_scheme"`
	Key             string `json:"key"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates a connection file.
func ReadConnectionFile(path string) (ConnectionInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return ConnectionInfo{}, fmt.Errorf("kernel: reading connection file: %w", err)
	}
	return ParseConnectionInfo(b)
}

// ParseConnectionInfo decodes and validates connection-file JSON. Errors
// name the offending field.
func ParseConnectionInfo(b []byte) (ConnectionInfo, error) {
	var ci ConnectionInfo
	if err := json.Unmarshal(b, &ci); err != nil {
		return ConnectionInfo{}, fmt.Errorf("kernel: connection file is not valid JSON for a connection file: %w", err)
	}
	// A port may be 0 (any free port), so a missing one is told apart here.
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(b, &fields)
	for _, name := range []string{"shell_port", "control_port", "stdin_port", "iopub_port", "hb_port"} {
		if _, ok := fields[name]; !ok {
			return ConnectionInfo{}, fmt.Errorf("kernel: connection file: field %q is missing (want a port in 0..65535)", name)
		}
	}
	return ci, ci.Validate()
}

// Validate checks the fields the kernel relies on.
func (ci ConnectionInfo) Validate() error {
	switch ci.Transport {
	case "tcp", "ipc":
	case "":
		return fmt.Errorf("kernel: connection file: field \"transport\" is missing (want \"tcp\" or \"ipc\")")
	default:
		return fmt.Errorf("kernel: connection file: field \"transport\" is %q; supported: \"tcp\", \"ipc\"", ci.Transport)
	}
	if ci.IP == "" {
		return fmt.Errorf("kernel: connection file: field \"ip\" is missing")
	}
	for _, p := range []struct {
		name string
		port int
	}{{"shell_port", ci.ShellPort}, {"control_port", ci.ControlPort}, {"stdin_port", ci.StdinPort}, {"iopub_port", ci.IOPubPort}, {"hb_port", ci.HBPort}} {
		if p.port < 0 || p.port > 65535 {
			return fmt.Errorf("kernel: connection file: field %q is %d; want a port in 0..65535 (0: any free port)", p.name, p.port)
		}
	}
	switch {
	case ci.SignatureScheme == "hmac-sha256":
	case ci.SignatureScheme == "" && ci.Key == "":
		// No key: messages are not signed (the spec allows it for trusted setups).
	case ci.SignatureScheme == "":
		return fmt.Errorf("kernel: connection file: field \"signature_scheme\" is missing; supported: \"hmac-sha256\"")
	default:
		return fmt.Errorf("kernel: connection file: field \"signature_scheme\" is %q; supported: \"hmac-sha256\"", ci.SignatureScheme)
	}
	return nil
}

// Endpoint returns the ZeroMQ endpoint of a port.
func (ci ConnectionInfo) Endpoint(port int) string {
	if ci.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", ci.IP, port)
	}
	return fmt.Sprintf("tcp://%s:%d", ci.IP, port)
}
