package main

import "fmt"

type Animal struct {
	Name string
	Legs int
}

func (a Animal) Describe() string { return fmt.Sprintf("%s has %d legs", a.Name, a.Legs) }
func (a *Animal) Rename(n string) { a.Name = n }

type Dog struct {
	Animal
	Breed string
}

func (d Dog) Bark() string { return d.Name + " says woof" }

type Puppy struct {
	*Dog
	Age int
}

func main() {
	d := Dog{Animal{"rex", 4}, "lab"}
	fmt.Println(d.Describe())
	fmt.Println(d.Bark(), d.Legs, d.Animal.Name)

	d.Rename("max")
	fmt.Println(d.Name)

	p := Puppy{&d, 1}
	p.Rename("tiny")
	fmt.Println(p.Bark(), d.Name, p.Age)

	fmt.Printf("%+v\n", d)
}
