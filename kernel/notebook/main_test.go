package notebook

import (
	"testing"

	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/supervisor/workertest"
)

// The test binary doubles as a fake worker (workertest) for the runs that
// go through a real supervisor.
func TestMain(m *testing.M) { workertest.Main(m, supervisor.ServeWorkerPipes) }
