package kernel

import (
	"os"
	"testing"

	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/supervisor/workertest"
)

// The test binary doubles as a fake worker (workertest), so the server is
// tested without the interpreter.
func TestMain(m *testing.M) {
	workertest.ServeIfWorker(supervisor.ServeWorkerPipes)
	code := m.Run()
	if itDir != "" {
		os.RemoveAll(itDir)
	}
	os.Exit(code)
}
