package kernel

import (
	"os"
	"testing"

	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/supervisor/workertest"
)

// The test binary doubles as a fake worker (workertest), so the server is
// tested without the interpreter; the integration tests' kernelspec prefix
// is removed at the end.
func TestMain(m *testing.M) {
	workertest.Main(m, supervisor.ServeWorkerPipes, func() {
		if itDir != "" {
			os.RemoveAll(itDir)
		}
	})
}
