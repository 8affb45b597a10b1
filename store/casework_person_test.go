package store_test

import (
	"testing"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
	"kynnys/intake"
	"kynnys/store"
	"kynnys/store/storetest"
)

// A client made from an intake item whose subject had no identity code is
// that item's person; an id naming a person with a code, or no person, is
// ignored and the client is a new person.
func TestCreateClientFromIntakePerson(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		item := &intake.Item{Kind: intake.KindPhone, Source: intake.SourceStaff, OpenedAt: cwBase, RecordedAt: cwBase,
			Municipality: "Kokkola", TargetGroup: access.TargetWorkingAge, Subject: intake.Subject{Name: "Liisa"},
			Concern: "Soitti", Triage: intake.Triage{Status: intake.StatusReceived}}
		mustNil(t, db.CreateIntakeItem(ctx, item, nil))
		c := &casework.Client{ID: item.PersonID, Name: "Liisa Laine", BirthDate: calendar.Date{Year: 1980, Month: 5, Day: 17}, Municipality: "Kokkola"}
		mustNil(t, db.CreateClient(ctx, c))
		if c.ID != item.PersonID {
			t.Fatalf("client %q, intake person %q: want the same person", c.ID, item.PersonID)
		}

		coded := &casework.Client{Name: "Koodi Henkilö", Hetu: testHetu("010290", "-", "246"), Municipality: "Kokkola"}
		mustNil(t, db.CreateClient(ctx, coded))
		for _, id := range []string{coded.ID, "no-such-person"} {
			other := &casework.Client{ID: id, Name: "Toinen", BirthDate: calendar.Date{Year: 1980, Month: 5, Day: 17}, Municipality: "Kokkola"}
			mustNil(t, db.CreateClient(ctx, other))
			if other.ID == id || other.ID == item.PersonID {
				t.Fatalf("preset id %q: client became %q, want a new person", id, other.ID)
			}
		}
	})
}
