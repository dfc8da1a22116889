"""The official jupyter_kernel_test suite against an installed eoslab kernel.

Run (with the kernelspec reachable through JUPYTER_PATH):
    EOSLAB_KERNEL_NAME=eoslab python3 -m unittest -v kernel/testdata/test_kernel_spec.py
"""
import os
import unittest

import jupyter_kernel_test


class EoslabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = os.environ.get("EOSLAB_KERNEL_NAME", "eoslab")

    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'fmt.Println("hello, world")'
    code_stderr = 'fmt.Fprintln(os.Stderr, "to stderr")'
    code_generate_error = "undefinedName + 1"

    code_execute_result = [
        {"code": "1+2", "result": "3"},
        {"code": "6*7", "result": "42"},
    ]

    complete_code_samples = ["1+2", "x := 1", "func f() int { return 1 }", "%help"]
    incomplete_code_samples = ["for {", "x := (1 +", "func f() {", "s := `raw"]
    invalid_code_samples = ["x := )", "}", "if x {]"]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6*7"


if __name__ == "__main__":
    unittest.main()
