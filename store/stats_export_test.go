package store

import "kynnys/encounter"

// StatsQueries lets the external tests read EncounterStats's queries and
// their arguments, to check their plans.
func StatsQueries(q encounter.StatsQuery) (queries []string, args [][]any) {
	for _, st := range statsSQL(q) {
		queries, args = append(queries, st.sql), append(args, st.args)
	}
	return queries, args
}
