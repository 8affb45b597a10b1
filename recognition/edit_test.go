package recognition

import (
	"slices"
	"testing"
)

// TestEditing: a draft is independent of its catalogue, a retired cue is
// hidden from the tool but still evaluates, and Diff names each change.
func TestEditing(t *testing.T) {
	t.Parallel()
	old := defaultCatalogue(t)
	draft := old.Draft()
	first := &draft[0].Cues[0]
	first.Label["fi"] = "muutettu"
	first.Facts[FactOlderPerson] = true
	retired := &draft[1].Cues[0]
	retired.Retired = true
	draft[2].Cues = append(draft[2].Cues, Cue{Code: draft[2].Code + ".new", Label: Label{"fi": "a", "sv": "b", "en": "c"}})
	c, err := New(draft, "2")
	if err != nil {
		t.Fatal(err)
	}
	if old.Domains[0].Cues[0].Label["fi"] == "muutettu" || len(old.Domains[0].Cues[0].Facts) != 0 {
		t.Error("editing the draft changed the catalogue it came from")
	}
	for _, d := range c.Shown() {
		for _, cue := range d.Cues {
			if cue.Code == retired.Code {
				t.Errorf("retired cue %s is shown", cue.Code)
			}
		}
	}
	if _, err := Evaluate(c, nil, []string{retired.Code}); err != nil {
		t.Errorf("a retired cue no longer evaluates: %v", err)
	}
	got := c.Diff(old)
	want := Changes{Added: []string{draft[2].Code + ".new"}, Changed: []string{first.Code}, Retired: []string{retired.Code}}
	if !slices.Equal(got.Added, want.Added) || !slices.Equal(got.Changed, want.Changed) ||
		!slices.Equal(got.Retired, want.Retired) || len(got.Restored) != 0 {
		t.Errorf("diff %+v, want %+v", got, want)
	}
	restored := c.Draft()
	restored[1].Cues[0].Retired = false
	back, err := New(restored, "3")
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Diff(c); !slices.Equal(got.Restored, []string{retired.Code}) || len(got.Changed)+len(got.Added)+len(got.Retired) != 0 {
		t.Errorf("restore diff %+v", got)
	}
	// A domain whose cues are all retired is not shown.
	all := old.Draft()
	for i := range all[0].Cues {
		all[0].Cues[i].Retired = true
	}
	hidden, err := New(all, "4")
	if err != nil {
		t.Fatal(err)
	}
	if shown := hidden.Shown(); len(shown) != len(old.Domains)-1 || shown[0].Code == old.Domains[0].Code {
		t.Errorf("a domain with no cues in force is shown")
	}
}
