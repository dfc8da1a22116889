package kernel

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodConn = `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,"stdin_port":3,"iopub_port":4,"hb_port":5,"signature_scheme":"hmac-sha256","key":"abc","kernel_name":"eoslab"}`

func TestParseConnectionInfo(t *testing.T) {
	ci, err := ParseConnectionInfo([]byte(goodConn))
	if err != nil {
		t.Fatal(err)
	}
	if ci.Endpoint(ci.ShellPort) != "tcp://127.0.0.1:1" || ci.Key != "abc" || ci.HBPort != 5 {
		t.Errorf("parsed %+v", ci)
	}
	ci.Transport = "ipc"
	ci.IP = "/tmp/kernel"
	if got := ci.Endpoint(ci.IOPubPort); got != "ipc:///tmp/kernel-4" {
		t.Errorf("ipc endpoint %q", got)
	}
}

func TestParseConnectionInfoErrors(t *testing.T) {
	tests := []struct {
		name, json, field string
	}{
		{"not json", `{`, "JSON"},
		{"bad transport", strings.Replace(goodConn, `"tcp"`, `"udp"`, 1), `"transport"`},
		{"missing transport", strings.Replace(goodConn, `"transport":"tcp",`, ``, 1), `"transport"`},
		{"missing ip", strings.Replace(goodConn, `"ip":"127.0.0.1",`, ``, 1), `"ip"`},
		{"bad port", strings.Replace(goodConn, `"hb_port":5`, `"hb_port":70000`, 1), `"hb_port"`},
		{"missing port", strings.Replace(goodConn, `"stdin_port":3,`, ``, 1), `"stdin_port"`},
		{"bad scheme", strings.Replace(goodConn, `hmac-sha256`, `hmac-md5`, 1), `"signature_scheme"`},
		{"key without scheme", strings.Replace(goodConn, `"signature_scheme":"hmac-sha256",`, ``, 1), `"signature_scheme"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConnectionInfo([]byte(tt.json))
			if err == nil || !strings.Contains(err.Error(), tt.field) || !strings.HasPrefix(err.Error(), "kernel: ") {
				t.Errorf("error %v does not name %s", err, tt.field)
			}
		})
	}
}

func TestReadConnectionFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.json")
	if _, err := ReadConnectionFile(p); err == nil {
		t.Error("missing file accepted")
	}
	os.WriteFile(p, []byte(goodConn), 0o600)
	if _, err := ReadConnectionFile(p); err != nil {
		t.Error(err)
	}
}
