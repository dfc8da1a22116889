package nn

// ConfigError is an error New returns when a Config setting does not fit
// the architecture or the data (a patch size that does not divide the
// image, a width that is not a multiple of the heads). Keys names the
// settings at fault, most specific first, by their experiment-line keys
// (width, depth, heads, patch), so a caller can point at the word that set
// one of them.
type ConfigError struct {
	Keys []string
	Msg  string
}

func (e *ConfigError) Error() string { return e.Msg }

// configErr is a ConfigError blaming keys.
func configErr(msg string, keys ...string) error {
	return &ConfigError{Keys: keys, Msg: msg}
}
