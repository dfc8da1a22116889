package main

import (
	"fmt"
	"regexp"
)

func main() {
	re := regexp.MustCompile(`(\w+)=([0-9.e-]+)`)
	line := "lr=0.1 steps=400 eig=20 beta=0.9"
	fmt.Println(re.MatchString(line))
	for _, m := range re.FindAllStringSubmatch(line, -1) {
		fmt.Println(m[1], m[2])
	}
	fmt.Println(re.ReplaceAllString(line, "$1:<$2>"))

	named := regexp.MustCompile(`(?P<year>\d{4})-(?P<month>\d{2})`)
	m := named.FindStringSubmatch("date: 2024-06")
	for i, n := range named.SubexpNames() {
		if n != "" {
			fmt.Println(n, m[i])
		}
	}

	_, err := regexp.Compile(`(unclosed`)
	fmt.Println(err)
	fmt.Println(regexp.QuoteMeta("a.b*c"))
}
