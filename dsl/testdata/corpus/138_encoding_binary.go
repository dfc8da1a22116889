package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
)

type Header struct {
	Magic   uint32
	Version uint16
	Count   uint16
	Scale   float64
}

func main() {
	var buf bytes.Buffer
	h := Header{0xE05AB, 2, 3, math.Pi}
	if err := binary.Write(&buf, binary.LittleEndian, h); err != nil {
		panic(err)
	}
	fmt.Println(buf.Len(), buf.Bytes()[:4])

	var back Header
	if err := binary.Read(&buf, binary.LittleEndian, &back); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", back)

	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, 0x0102030405060708)
	fmt.Println(b, binary.LittleEndian.Uint32(b))

	vb := binary.AppendUvarint(nil, 300)
	v, n := binary.Uvarint(vb)
	fmt.Println(vb, v, n)
}
