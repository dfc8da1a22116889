package data

import "slices"

// Sequence tasks as next-token prediction (minGPT's sorting demo, the
// central-flows Sorting and Copying tasks): a sequence a of Length tokens
// from a vocabulary of Vocab is followed by the first Length−1 tokens of
// the answer b (a sorted, or a itself), so the input has 2·Length−1
// tokens. The target at position p is the token after it, b's tokens at
// the last Length positions; the first Length−1 positions are ignored
// (label −1, an all-zero row of Y).

// sequenceTask draws n examples of task "sort" or "copy".
func sequenceTask(task, name, split string, n, vocab, length int, seed int64) *Set {
	r := newRand(seed, sampleStream(split))
	t := 2*length - 1
	s := &Set{
		Name: name, Shape: []int{t}, Outputs: t * vocab, Positions: t,
		X: make([]float64, n*t), Y: make([]float64, n*t*vocab), PositionLabels: make([]int, n*t),
	}
	a := make([]int, length)
	for i := 0; i < n; i++ {
		for j := range a {
			a[j] = r.IntN(vocab)
		}
		b := slices.Clone(a)
		if task == "sort" {
			slices.Sort(b)
		}
		seq := append(slices.Clone(a), b[:length-1]...)
		x := s.X[i*t : (i+1)*t]
		lab := s.PositionLabels[i*t : (i+1)*t]
		for p, tok := range seq {
			x[p] = float64(tok)
			lab[p] = -1
			if p >= length-1 {
				lab[p] = b[p-length+1]
				s.Y[(i*t+p)*vocab+lab[p]] = 1
			}
		}
	}
	return s
}
