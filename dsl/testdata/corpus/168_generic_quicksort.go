package main

import (
	"cmp"
	"fmt"
)

func QuickSort[T cmp.Ordered](xs []T) {
	if len(xs) < 2 {
		return
	}
	p := xs[len(xs)/2]
	i, j := 0, len(xs)-1
	for i <= j {
		for xs[i] < p {
			i++
		}
		for xs[j] > p {
			j--
		}
		if i <= j {
			xs[i], xs[j] = xs[j], xs[i]
			i++
			j--
		}
	}
	QuickSort(xs[:j+1])
	QuickSort(xs[i:])
}

func BinarySearch[T cmp.Ordered](xs []T, target T) (int, bool) {
	lo, hi := 0, len(xs)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if xs[mid] < target {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo, lo < len(xs) && xs[lo] == target
}

func main() {
	xs := []int{9, 3, 7, 1, 8, 2, 5, 3}
	QuickSort(xs)
	fmt.Println(xs)
	fmt.Println(BinarySearch(xs, 7))
	fmt.Println(BinarySearch(xs, 4))

	ws := []string{"sgd", "adam", "lion", "gd"}
	QuickSort(ws)
	fmt.Println(ws)
}
