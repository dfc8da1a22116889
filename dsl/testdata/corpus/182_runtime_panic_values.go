package main

import (
	"errors"
	"fmt"
	"runtime"
)

type Params struct{ LR float64 }

func catch(name string, f func()) {
	defer func() {
		r := recover()
		_, isRuntime := r.(runtime.Error)
		var pn *runtime.PanicNilError
		isNil := false
		if err, ok := r.(error); ok {
			isNil = errors.As(err, &pn)
		}
		fmt.Printf("%s: runtime.Error=%v nil-panic=%v %v\n", name, isRuntime, isNil, r)
	}()
	f()
}

func main() {
	var p *Params
	catch("nil field read", func() { fmt.Println(p.LR) })
	catch("nil field write", func() { p.LR = 0.1 })

	var v any = 2.5
	catch("assert to string", func() { fmt.Println(v.(string)) })
	catch("assert to int", func() { _ = v.(int) })

	catch("panic(nil)", func() { panic(nil) })
	var err error
	catch("nil error", func() { panic(err) })
	catch("error", func() { panic(errors.New("diverged")) })
	catch("value", func() { panic(Params{0.5}) })
}
