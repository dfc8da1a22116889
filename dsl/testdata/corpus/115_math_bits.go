package main

import (
	"fmt"
	"math/bits"
)

func main() {
	var x uint32 = 0b1011_0000
	fmt.Println(bits.OnesCount32(x), bits.LeadingZeros32(x), bits.TrailingZeros32(x))
	fmt.Println(bits.Len(255), bits.Reverse8(0b0000_0001), bits.RotateLeft8(0b1000_0001, 1))

	hi, lo := bits.Mul64(1<<63, 4)
	fmt.Println(hi, lo)

	sum, carry := bits.Add64(^uint64(0), 1, 0)
	fmt.Println(sum, carry)

	fmt.Printf("%08b %08b %08b\n", 0b1100&0b1010, 0b1100|0b1010, 0b1100^0b1010)
	a, b := uint8(200), int8(127)
	fmt.Println(1<<10>>3, -16>>2, a+100, b+1 == -128)

	shift := 70
	fmt.Println(uint64(1)<<shift, int64(-1)>>shift)
}
