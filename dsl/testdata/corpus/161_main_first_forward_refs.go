package main

import "fmt"

func main() {
	s := NewShelf("physics")
	s.Add(Book{"Feynman", 1963})
	s.Add(Book{"Landau", 1960})
	fmt.Println(s)

	fmt.Println(isEven(10), isOdd(7), isEven(3))

	fmt.Println(defaultYear, maxBooks)
}

const maxBooks = limit * 2

const limit = 5

var defaultYear = computeYear()

func computeYear() int { return 1900 + maxBooks }

type Shelf struct {
	name  string
	books []Book
}

func NewShelf(name string) *Shelf { return &Shelf{name: name} }

func (s *Shelf) Add(b Book) { s.books = append(s.books, b) }

func (s *Shelf) String() string { return fmt.Sprintf("%s: %v", s.name, s.books) }

type Book struct {
	Author string
	Year   int
}

func isEven(n int) bool {
	if n == 0 {
		return true
	}
	return isOdd(n - 1)
}

func isOdd(n int) bool {
	if n == 0 {
		return false
	}
	return isEven(n - 1)
}
