package main

import (
	"os"
	"strings"
	"text/template"
)

type Result struct {
	Name  string
	Score float64
	Tags  []string
}

const report = `{{range $i, $r := .}}{{$i}}. {{$r.Name | upper}}: {{printf "%.2f" $r.Score}}{{if $r.Tags}} [{{join $r.Tags ", "}}]{{end}}
{{end}}`

func main() {
	funcs := template.FuncMap{"upper": strings.ToUpper, "join": strings.Join}
	t := template.Must(template.New("r").Funcs(funcs).Parse(report))
	results := []Result{{"gd", 0.912, []string{"stable"}}, {"adam", 0.957, nil}}
	if err := t.Execute(os.Stdout, results); err != nil {
		panic(err)
	}
}
