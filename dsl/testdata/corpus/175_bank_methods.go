package main

import (
	"errors"
	"fmt"
	"sort"
)

var ErrInsufficient = errors.New("insufficient funds")

type Account struct {
	ID      string
	balance int
	history []string
}

func (a *Account) Deposit(n int) {
	a.balance += n
	a.history = append(a.history, fmt.Sprintf("+%d", n))
}

func (a *Account) Withdraw(n int) error {
	if n > a.balance {
		return fmt.Errorf("withdraw %d from %s: %w", n, a.ID, ErrInsufficient)
	}
	a.balance -= n
	a.history = append(a.history, fmt.Sprintf("-%d", n))
	return nil
}

type Bank struct{ accounts map[string]*Account }

func (b *Bank) Open(id string) *Account {
	acc := &Account{ID: id}
	b.accounts[id] = acc
	return acc
}

func (b *Bank) Transfer(from, to string, n int) error {
	src, dst := b.accounts[from], b.accounts[to]
	if err := src.Withdraw(n); err != nil {
		return fmt.Errorf("transfer: %w", err)
	}
	dst.Deposit(n)
	return nil
}

func main() {
	bank := &Bank{accounts: map[string]*Account{}}
	alice := bank.Open("alice")
	bank.Open("bob")
	alice.Deposit(100)

	for _, amt := range []int{30, 100} {
		if err := bank.Transfer("alice", "bob", amt); err != nil {
			fmt.Println(err, errors.Is(err, ErrInsufficient))
		}
	}

	ids := make([]string, 0)
	for id := range bank.accounts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		a := bank.accounts[id]
		fmt.Println(id, a.balance, a.history)
	}
}
