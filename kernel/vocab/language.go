package vocab

import (
	"encoding/json"
	"runtime"
	"strings"
)

// Version is eoslab's version, reported by `eoslab version`, in
// kernel_info and in the provenance of headless runs. Release builds set it
// with -ldflags "-X github.com/eoslab/eoslab/kernel/vocab.Version=...".
var Version = "0.1.0"

// LanguageInfo is the language_info of kernel_info and of a notebook's
// metadata.
type LanguageInfo struct {
	Name              string
	Version           string // of the language; empty in notebook metadata
	Mimetype          string
	FileExtension     string
	PygmentsLexer     string
	CodemirrorMode    string
	NbconvertExporter string
}

// Go is the language of eoslab's cells, at the version of the running Go.
func Go() LanguageInfo {
	return LanguageInfo{
		Name: "go", Version: strings.TrimPrefix(runtime.Version(), "go"), Mimetype: "text/x-go",
		FileExtension: ".go", PygmentsLexer: "go", CodemirrorMode: "go", NbconvertExporter: "script",
	}
}

// MarshalJSON encodes l as its Content.
func (l LanguageInfo) MarshalJSON() ([]byte, error) { return json.Marshal(l.Content()) }

// Content is l as a language_info object (empty fields left out).
func (l LanguageInfo) Content() map[string]any {
	c := map[string]any{}
	for k, v := range map[string]string{
		"name": l.Name, "version": l.Version, "mimetype": l.Mimetype, "file_extension": l.FileExtension,
		"pygments_lexer": l.PygmentsLexer, "codemirror_mode": l.CodemirrorMode, "nbconvert_exporter": l.NbconvertExporter,
	} {
		if v != "" {
			c[k] = v
		}
	}
	return c
}
