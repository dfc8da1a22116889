package main

import (
	"crypto/md5"
	"crypto/sha256"
	"fmt"
	"hash/crc32"
	"hash/fnv"
)

func main() {
	msg := []byte("the quick brown fox")
	fmt.Printf("%x\n", sha256.Sum256(msg))
	fmt.Printf("%x\n", md5.Sum(msg))
	fmt.Println(crc32.ChecksumIEEE(msg))

	h := fnv.New64a()
	h.Write([]byte("seed-"))
	h.Write([]byte("42"))
	fmt.Println(h.Sum64())

	s := sha256.New()
	for i := 0; i < 3; i++ {
		fmt.Fprintf(s, "chunk%d", i)
	}
	fmt.Printf("%x\n", s.Sum(nil)[:8])
}
