package main

import "fmt"

type Celsius float64

func main() {
	fmt.Printf("%T %T %T %T %T\n", 1, "s", 2.5, []int{}, map[string]bool{})
	fmt.Printf("%T %T %T\n", Celsius(1), struct{ A int }{}, func(int) string { return "" })
	fmt.Printf("%q %q %q\n", "hi\n", 'x', []string{"a", "b"})
	fmt.Printf("%x %X %x % x\n", 255, 255, "hey", []byte{1, 171})
	fmt.Printf("%d %5d|%-5d|%05d\n", 42, 42, 42, 42)
	fmt.Printf("%b %o %O %#x\n", 10, 10, 10, 10)
	fmt.Printf("%f %.2f %8.3f|%e %g\n", 3.14159, 3.14159, 3.14159, 1234.5678, 0.000012)
	fmt.Printf("%s|%10s|%-10s|%.2s\n", "go", "go", "go", "golang")
	fmt.Printf("%t %v %v\n", true, nil, (*int)(nil))
	fmt.Printf("%c %U\n", 0x1F600, 0x1F600)
	fmt.Printf("%6.2f%%\n", 99.5)
	fmt.Printf("%*d|%-*d|\n", 6, 7, 4, 8)
	fmt.Printf("%[2]d %[1]d\n", 1, 2)
	fmt.Printf("%v\n", 1e21)
	fmt.Println(fmt.Sprintf("%08.3f", -3.5), fmt.Sprintf("%+d", 5))
}
