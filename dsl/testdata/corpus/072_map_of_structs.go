package main

import (
	"fmt"
	"sort"
)

type Stats struct {
	Count int
	Sum   float64
}

type key struct {
	arch string
	lr   float64
}

func main() {
	runs := []struct {
		arch string
		lr   float64
		loss float64
	}{{"fc", 0.1, 0.5}, {"cnn", 0.1, 0.3}, {"fc", 0.1, 0.7}, {"fc", 0.01, 0.9}}

	byKey := map[key]Stats{}
	for _, r := range runs {
		k := key{r.arch, r.lr}
		s := byKey[k]
		s.Count++
		s.Sum += r.loss
		byKey[k] = s
	}

	keys := make([]key, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].arch != keys[j].arch {
			return keys[i].arch < keys[j].arch
		}
		return keys[i].lr < keys[j].lr
	})
	for _, k := range keys {
		s := byKey[k]
		fmt.Printf("%s lr=%g n=%d mean=%.2f\n", k.arch, k.lr, s.Count, s.Sum/float64(s.Count))
	}

	ptrs := map[string]*Stats{"a": {}}
	ptrs["a"].Count = 9
	fmt.Println(*ptrs["a"])
}
