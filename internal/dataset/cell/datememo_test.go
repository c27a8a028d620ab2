package cell

import (
	"testing"
	"time"
)

// Every date of the memo's two centuries has a slot of its own, within
// the slots; dates outside them, and days or months that cannot be,
// have none.
func TestMemoSlots(t *testing.T) {
	seen := map[int]Date{}
	for y := firstMemoYear - 1; y <= firstMemoYear+memoYears; y++ {
		for m := time.Month(0); m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				date := Date{Year: y, Month: m, Day: d}
				i, ok := memoSlot(date)
				inside := y >= firstMemoYear && y < firstMemoYear+memoYears && m >= 1 && m <= 12 && d >= 1 && d <= 31
				if ok != inside {
					t.Fatalf("%+v: slot %t, want %t", date, ok, inside)
				}
				if !ok {
					continue
				}
				if i < 0 || i >= memoYears*12*31 {
					t.Fatalf("%+v: slot %d out of range", date, i)
				}
				if o, dup := seen[i]; dup {
					t.Fatalf("%+v and %+v share slot %d", o, date, i)
				}
				seen[i] = date
			}
		}
	}
}
