package main

import (
	"fmt"
	"time"
)

func main() {
	t := time.Date(2024, time.March, 9, 14, 5, 7, 0, time.UTC)
	fmt.Println(t.Format(time.RFC3339))
	fmt.Println(t.Format("2006-01-02 15:04"), t.Weekday(), t.YearDay())

	later := t.Add(36*time.Hour + 30*time.Minute)
	fmt.Println(later.Format(time.DateTime), later.Sub(t))

	d := 1500 * time.Millisecond
	fmt.Println(d, d.Seconds(), time.Duration(90)*time.Second)

	parsed, err := time.Parse("2006-01-02", "2023-12-31")
	fmt.Println(parsed.AddDate(0, 0, 1).Format("Jan 2, 2006"), err)

	fmt.Println(t.Truncate(time.Hour).Format(time.Kitchen), t.Before(later), t.Equal(t.UTC()))
	dur, _ := time.ParseDuration("1h15m30.5s")
	fmt.Println(dur.Minutes())
}
