package main

import (
	"fmt"
	"sort"
)

type byLen []string

func (b byLen) Len() int           { return len(b) }
func (b byLen) Less(i, j int) bool { return len(b[i]) < len(b[j]) }
func (b byLen) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

func main() {
	words := []string{"banana", "kiwi", "apple", "fig", "cherry"}
	sort.Sort(byLen(words))
	fmt.Println(words)

	sort.Stable(sort.Reverse(byLen(words)))
	fmt.Println(words)

	nums := []int{5, 2, 6, 3, 1, 4}
	sort.Ints(nums)
	fmt.Println(nums, sort.IntsAreSorted(nums))

	i := sort.SearchInts(nums, 4)
	j := sort.Search(len(nums), func(k int) bool { return nums[k] >= 10 })
	fmt.Println(i, j)

	fl := []float64{2.5, 1.25, 3}
	sort.Float64s(fl)
	fmt.Println(fl)

	people := []struct {
		Name string
		Age  int
	}{{"a", 3}, {"b", 1}, {"c", 3}, {"d", 2}}
	sort.SliceStable(people, func(i, j int) bool { return people[i].Age > people[j].Age })
	fmt.Println(people)
}
