package calendar_test

import (
	"fmt"
	"time"

	"kynnys/calendar"
)

func ExampleArkipaivaDeadline() {
	// A child welfare notification arrives on the Thursday before Easter.
	opened := time.Date(2026, time.April, 2, 14, 5, 0, 0, calendar.Helsinki)
	fmt.Println(calendar.ArkipaivaDeadline(opened, 7).Format(time.RFC3339))
	fmt.Println(calendar.MonthsDeadline(opened, 3).Format(time.RFC3339))
	// Output:
	// 2026-04-15T23:59:59+03:00
	// 2026-07-02T23:59:59+03:00
}

func ExampleHolidays() {
	for _, h := range calendar.Holidays(2026)[8:11] {
		fmt.Println(h.Date, h.Date.Weekday(), h.Code, h.LocalName("sv"))
	}
	// Output:
	// 2026-06-19 Friday midsummer_eve Midsommarafton
	// 2026-06-20 Saturday midsummer_day Midsommardagen
	// 2026-10-31 Saturday all_saints Alla helgons dag
}
