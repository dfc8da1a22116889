package main

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
)

func main() {
	data := []byte("eoslab\x00\xff")
	h := hex.EncodeToString(data)
	fmt.Println(h)
	back, err := hex.DecodeString(h)
	fmt.Println(string(back[:6]), err)

	_, err = hex.DecodeString("zz")
	fmt.Println(err)

	std := base64.StdEncoding.EncodeToString(data)
	url := base64.URLEncoding.EncodeToString(data)
	raw := base64.RawStdEncoding.EncodeToString([]byte("ab"))
	fmt.Println(std, url, raw)

	dec, err := base64.StdEncoding.DecodeString(std)
	fmt.Println(len(dec), err)
	fmt.Print(hex.Dump([]byte("0123456789abcdefXYZ")))
}
