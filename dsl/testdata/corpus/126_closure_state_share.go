package main

import "fmt"

type Account struct {
	Deposit  func(int)
	Withdraw func(int) error
	Balance  func() int
}

func NewAccount(initial int) Account {
	balance := initial
	return Account{
		Deposit: func(n int) { balance += n },
		Withdraw: func(n int) error {
			if n > balance {
				return fmt.Errorf("insufficient funds: have %d, need %d", balance, n)
			}
			balance -= n
			return nil
		},
		Balance: func() int { return balance },
	}
}

func main() {
	acc := NewAccount(100)
	acc.Deposit(50)
	if err := acc.Withdraw(30); err != nil {
		fmt.Println(err)
	}
	if err := acc.Withdraw(500); err != nil {
		fmt.Println(err)
	}
	fmt.Println(acc.Balance())

	x := 1
	inc := func() { x++ }
	get := func() int { return x }
	inc()
	inc()
	x *= 10
	fmt.Println(get())
}
