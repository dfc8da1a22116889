package data

import "fmt"

// Set is an in-memory dataset, examples stored row-major in one flat slice so
// the derivative code can batch over contiguous rows.
type Set struct {
	Name    string
	X       []float64 // N × prod(Shape), row-major
	Shape   []int     // shape of one example: [features] or [channels, height, width]
	Y       []float64 // N × Outputs targets (one-hot rows for classification)
	Labels  []int     // class of each example; nil for regression sets
	Outputs int       // number of classes, or regression outputs

	// Sequence sets (sort, copy) predict at Positions positions per
	// example, Outputs/Positions classes each; PositionLabels holds
	// N × Positions labels, −1 where a position is ignored (its row of Y
	// is all zero). Positions is 0 for one prediction per example.
	Positions      int
	PositionLabels []int
}

// N is the number of examples.
func (s *Set) N() int {
	if s.Outputs == 0 {
		return 0
	}
	return len(s.Y) / s.Outputs
}

// Features is the number of inputs per example, the product of Shape.
func (s *Set) Features() int {
	f := 1
	for _, d := range s.Shape {
		f *= d
	}
	return f
}

// String summarizes the set in one line (what a notebook shows for a Set
// value), instead of printing every input.
func (s *Set) String() string {
	if s == nil {
		return "<nil data.Set>"
	}
	kind := fmt.Sprintf("%d classes", s.Outputs)
	if s.Positions > 1 {
		kind = fmt.Sprintf("%d positions × %d classes", s.Positions, s.Outputs/s.Positions)
	} else if s.Labels == nil {
		kind = fmt.Sprintf("%d regression outputs", s.Outputs)
	}
	return fmt.Sprintf("%s: %d examples, shape %v, %s", s.Name, s.N(), s.Shape, kind)
}
