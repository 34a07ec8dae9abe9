package foi

// Tier is one band of an excess-progressive fee table: From units on (1-based)
// cost Yuan each, until the next tier starts.
type Tier struct {
	From int
	Yuan int
}

// FeeTable is a progressive table. The tables are data because the State
// Council sets them by notice (国办函〔2020〕109号) and may change them.
type FeeTable []Tier

// ItemTiers is 109号's 按件 table, per applicant per calendar month: 1–10
// free, 11–30 at 100 元, then 200 元 for 31–40, 300 元 for 41–50 and so on
// (Next extends it in steps of 10 items and 100 元).
var ItemTiers = FeeTable{{1, 0}, {11, 100}, {31, 200}}

// PageTiers is 109号's 按量 table per application: 1–30 pages free, 31–100
// at 10 元, 101–200 at 20 元, 201 and more at 40 元.
var PageTiers = FeeTable{{1, 0}, {31, 10}, {101, 20}, {201, 40}}

// Fee returns the total for n units under the table. When extend is true,
// the last tier repeats every step units, each 100 元 dearer than the one
// before (the 按件 rule's open-ended tiers).
func (t FeeTable) Fee(n int, extend bool, step int) int {
	total := 0
	for i := 1; i <= n; i++ {
		total += t.priceOf(i, extend, step)
	}
	return total
}

func (t FeeTable) priceOf(unit int, extend bool, step int) int {
	price := 0
	for _, tier := range t {
		if unit >= tier.From {
			price = tier.Yuan
		}
	}
	last := t[len(t)-1]
	if extend && unit >= last.From && step > 0 {
		price = last.Yuan + 100*((unit-last.From)/step)
	}
	return price
}

// FeeByItems is the month's total for n applications by one applicant (按件).
func FeeByItems(n int) int { return ItemTiers.Fee(n, true, 10) }

// FeeByPages is the fee for one application of n pages (按量).
func FeeByPages(n int) int { return PageTiers.Fee(n, false, 0) }
