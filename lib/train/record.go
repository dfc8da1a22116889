package train

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// Record is what the loop measures at one step: the state after Step
// optimizer updates (Step 0 is the initialization). Fields that were not
// measured at this step are NaN (or nil for slices and maps); the JSON form
// leaves them out.
type Record struct {
	Step int
	// Loss is the full-batch loss L(w).
	Loss float64
	// BatchLoss is the minibatch loss whose gradient made the next update
	// (minibatch SGD only).
	BatchLoss float64
	// Accuracy is the full-batch accuracy (classifiers only).
	Accuracy float64
	// GradNorm is ‖∇L(w)‖ of the gradient used for the next update.
	GradNorm float64
	// Eigs are the top-k eigenvalues of H(w), descending; Sharpness = Eigs[0].
	Eigs      []float64
	Sharpness float64
	// PreEigs are the top-k eigenvalues of P⁻¹H for the optimizer's current
	// preconditioner P (adaptive optimizers); PreSharpness = PreEigs[0].
	PreEigs      []float64
	PreSharpness float64
	// Threshold is the optimizer's stability threshold for λ₁(P⁻¹H) (λ₁(H)
	// for non-adaptive optimizers).
	Threshold float64
	// Dist maps a companion process name to ‖w − w_process‖.
	Dist map[string]float64
	// Observed holds the companion processes' observables, keyed
	// "<process>_<field>".
	Observed map[string]float64
}

// newRecord returns a record with every optional field unmeasured.
func newRecord(step int) Record {
	nan := math.NaN()
	return Record{Step: step, Loss: nan, BatchLoss: nan, Accuracy: nan, GradNorm: nan,
		Sharpness: nan, PreSharpness: nan, Threshold: nan}
}

// HasEigs reports whether eigenvalues were computed at this record.
func (r *Record) HasEigs() bool { return r.Eigs != nil }

// Value returns the named column ("loss", "sharpness", "dist_gf", "gf_loss",
// "eig1", "pre_eig2", ...), NaN when not measured at this record.
func (r *Record) Value(name string) float64 {
	switch name {
	case "step":
		return float64(r.Step)
	case "loss":
		return r.Loss
	case "batch_loss":
		return r.BatchLoss
	case "accuracy":
		return r.Accuracy
	case "grad_norm":
		return r.GradNorm
	case "sharpness":
		return r.Sharpness
	case "pre_sharpness":
		return r.PreSharpness
	case "threshold":
		return r.Threshold
	}
	if v, ok := indexed(name, "pre_eig", r.PreEigs); ok {
		return v
	}
	if v, ok := indexed(name, "eig", r.Eigs); ok {
		return v
	}
	if len(name) > 5 && name[:5] == "dist_" {
		if v, ok := r.Dist[name[5:]]; ok {
			return v
		}
	}
	if v, ok := r.Observed[name]; ok {
		return v
	}
	return math.NaN()
}

// indexed parses "<prefix><i>" (1-based) and returns eigs[i-1].
func indexed(name, prefix string, eigs []float64) (float64, bool) {
	if len(name) <= len(prefix) || name[:len(prefix)] != prefix {
		return 0, false
	}
	i, err := strconv.Atoi(name[len(prefix):])
	if err != nil || i < 1 {
		return 0, false
	}
	if i > len(eigs) {
		return math.NaN(), true
	}
	return eigs[i-1], true
}

// MarshalJSON writes the record as one flat JSON object: step, loss, and
// where measured batch_loss, accuracy, grad_norm, eigs, sharpness,
// pre_eigs, pre_sharpness, threshold, dist_<process> and
// <process>_<field>. Keys come in that order (the maps sorted), so the
// bytes are deterministic. Non-finite numbers, which JSON cannot carry,
// are written as null (a diverged loss).
func (r Record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"step":`)
	b.WriteString(strconv.Itoa(r.Step))
	b.WriteString(`,"loss":`)
	writeNum(&b, r.Loss)
	opt := func(key string, v float64) {
		if !math.IsNaN(v) {
			b.WriteString(`,"` + key + `":`)
			writeNum(&b, v)
		}
	}
	vec := func(key string, v []float64) {
		if v == nil {
			return
		}
		b.WriteString(`,"` + key + `":[`)
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeNum(&b, x)
		}
		b.WriteByte(']')
	}
	opt("batch_loss", r.BatchLoss)
	opt("accuracy", r.Accuracy)
	opt("grad_norm", r.GradNorm)
	vec("eigs", r.Eigs)
	opt("sharpness", r.Sharpness)
	vec("pre_eigs", r.PreEigs)
	opt("pre_sharpness", r.PreSharpness)
	opt("threshold", r.Threshold)
	for _, k := range sortedKeys(r.Dist) {
		b.WriteString(`,"dist_`)
		b.WriteString(jsonKey(k))
		b.WriteString(`":`)
		writeNum(&b, r.Dist[k])
	}
	for _, k := range sortedKeys(r.Observed) {
		b.WriteString(`,"`)
		b.WriteString(jsonKey(k))
		b.WriteString(`":`)
		writeNum(&b, r.Observed[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func jsonKey(k string) string {
	q, _ := json.Marshal(k)
	return string(q[1 : len(q)-1])
}

func writeNum(b *bytes.Buffer, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		b.WriteString("null")
		return
	}
	b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// UnmarshalJSON reads a record written by MarshalJSON; null numbers become
// NaN (a diverged loss reads back as NaN).
func (r *Record) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return fmt.Errorf("train: record: %w", err)
	}
	*r = newRecord(0)
	num := func(raw json.RawMessage) (float64, error) {
		if string(raw) == "null" {
			return math.NaN(), nil
		}
		var v float64
		err := json.Unmarshal(raw, &v)
		return v, err
	}
	for k, raw := range m {
		var err error
		switch k {
		case "step":
			err = json.Unmarshal(raw, &r.Step)
		case "loss":
			r.Loss, err = num(raw)
		case "batch_loss":
			r.BatchLoss, err = num(raw)
		case "accuracy":
			r.Accuracy, err = num(raw)
		case "grad_norm":
			r.GradNorm, err = num(raw)
		case "sharpness":
			r.Sharpness, err = num(raw)
		case "pre_sharpness":
			r.PreSharpness, err = num(raw)
		case "threshold":
			r.Threshold, err = num(raw)
		case "eigs", "pre_eigs":
			var raws []json.RawMessage
			if err = json.Unmarshal(raw, &raws); err != nil {
				break
			}
			v := make([]float64, len(raws))
			for i := range raws {
				if v[i], err = num(raws[i]); err != nil {
					break
				}
			}
			if k == "eigs" {
				r.Eigs = v
			} else {
				r.PreEigs = v
			}
		default:
			var v float64
			if v, err = num(raw); err != nil {
				break
			}
			if len(k) > 5 && k[:5] == "dist_" {
				if r.Dist == nil {
					r.Dist = map[string]float64{}
				}
				r.Dist[k[5:]] = v
			} else {
				if r.Observed == nil {
					r.Observed = map[string]float64{}
				}
				r.Observed[k] = v
			}
		}
		if err != nil {
			return fmt.Errorf("train: record field %q: %w", k, err)
		}
	}
	return nil
}
