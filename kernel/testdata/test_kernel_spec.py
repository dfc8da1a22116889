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
    code_generate_error = 'panic("boom")'

    code_execute_result = [
        {"code": "1+2", "result": "3"},
        {"code": "6*7", "result": "42"},
    ]

    complete_code_samples = ["1+2", "x := 1", "func f() int { return 1 }", "%help"]
    incomplete_code_samples = ["for {", "x := (1 +", "func f() {", "s := `raw", "%%time\nx := 1"]
    invalid_code_samples = ["func ) {", "x := )", "}", "x := 1 +)", "x := 1 1\nfor {"]

    code_display_data = [
        {"code": 'display.HTML("<b>bold</b>")', "mime": "text/html"},
        {"code": 'display.Markdown("# title")', "mime": "text/markdown"},
    ]
    code_clear_output = "display.Clear()"
    code_page_something = "?fmt.Println"
    code_inspect_sample = "fmt.Println"
    completion_samples = [
        {"text": "fmt.Prin", "matches": {"Print", "Printf", "Println"}},
        {"text": "strings.HasP", "matches": {"HasPrefix"}},
    ]

    supported_history_operations = ("tail", "range", "search")
    code_history_pattern = "6*7"


if __name__ == "__main__":
    unittest.main()
