// Package foi owns 依申请公开: information requests as legal cases with a
// statutory clock. The clock is a pure function of the application's
// channel, its events and the working-day calendar, so a due date can always
// be recomputed (when the calendar changes) and explained step by step.
package foi
