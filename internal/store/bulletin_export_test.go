package store

import (
	"time"

	"gongkai/internal/calendar"
)

// BulletinQueriesForTest are the bulletin's queries over the public
// projection, for a quarter of 2026, for the plan test.
func BulletinQueriesForTest() []PublicQueryForTest {
	start := time.Date(2026, 7, 1, 0, 0, 0, 0, calendar.Zone)
	end := time.Date(2026, 10, 1, 0, 0, 0, 0, calendar.Zone)
	return []PublicQueryForTest{
		{"bulletin published", bulletinPublishedSQL, bulletinPublishedArgs(start, end)},
		{"bulletin interpretation", bulletinInterpretationSQL, bulletinInterpretationArgs(start, end)},
	}
}
