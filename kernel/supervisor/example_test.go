package supervisor_test

import (
	"context"
	"fmt"

	"github.com/eoslab/eoslab/kernel/supervisor"
	"github.com/eoslab/eoslab/kernel/supervisor/workertest"
	"github.com/eoslab/eoslab/kernel/vocab"
)

// The in-process API `eoslab run` uses: run cells in a worker process and
// collect their outputs, without ZeroMQ. Here the worker is this test
// binary's fake engine; normally WorkerArgv is left empty and the running
// eoslab binary is started with "worker".
func ExampleSupervisor() {
	s, err := supervisor.New(supervisor.Config{
		WorkerArgv: workertest.Argv(),
		WorkerEnv:  workertest.Env(),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	for _, code := range []string{"print:hello\nresult:42", "exit:3", "result:still here"} {
		reply, err := s.Execute(context.Background(), vocab.ExecuteRequest{Code: code, StoreHistory: true}, func(m vocab.Message) {
			switch m.Type {
			case "stream":
				fmt.Printf("[%s] %s\n", m.Content["name"], m.Content["text"])
			case "execute_result":
				fmt.Printf("Out[%v]: %v\n", m.Content["execution_count"], m.Content["data"].(map[string]any)["text/plain"])
			case "error":
				fmt.Printf("error: %v\n", m.Content["ename"])
			}
		})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("status %s, state lost: %v\n", reply.Status, reply.StateLost)
	}
	// Output:
	// [stdout] hello
	// Out[1]: 42
	// status ok, state lost: false
	// error: WorkerDied
	// status error, state lost: true
	// Out[3]: still here
	// status ok, state lost: false
}
