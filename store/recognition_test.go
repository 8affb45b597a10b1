package store_test

import (
	"testing"

	"kynnys"
	"kynnys/recognition"
	"kynnys/store"
	"kynnys/store/storetest"
)

// TestRecognitionCatalogue: the default is in force until a version is
// saved; each save is a new numbered version with who, when and why, and
// the node's copy follows saves.
func TestRecognitionCatalogue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		def, err := recognition.Default()
		mustNil(t, err)
		c, v, err := db.RecognitionCatalogue(ctx)
		mustNil(t, err)
		if c != def || v != 0 {
			t.Fatalf("empty store: version %d, default %v", v, c == def)
		}
		if h, err := db.RecognitionCatalogueHistory(ctx); err != nil || len(h) != 0 {
			t.Fatalf("history of an empty store: %v, %v", h, err)
		}
		admin := mustUser(t, db, "admin@example.fi", "Ada Admin")

		draft := def.Draft()
		draft[0].Cues[0].Retired = true
		edited, err := recognition.New(draft, "draft")
		mustNil(t, err)
		_, err = db.SaveRecognitionCatalogue(ctx, edited, admin.ID, "  ")
		wantField(t, err, "note")
		v1, err := db.SaveRecognitionCatalogue(ctx, edited, admin.ID, "retire the first cue")
		mustNil(t, err)
		c, v, err = db.RecognitionCatalogue(ctx)
		mustNil(t, err)
		if v1 != 1 || v != 1 || c.Version != "1" || !c.Domains[0].Cues[0].Retired {
			t.Fatalf("after the first save: version %d/%d %q, retired %v", v1, v, c.Version, c.Domains[0].Cues[0].Retired)
		}

		// Removing a cue is refused: cues are retired instead.
		removed := c.Draft()
		removed[0].Cues = removed[0].Cues[1:]
		without, err := recognition.New(removed, "draft")
		mustNil(t, err)
		_, err = db.SaveRecognitionCatalogue(ctx, without, admin.ID, "remove")
		wantField(t, err, "cues")

		draft = c.Draft()
		draft[0].Cues[1].Label["en"] = "Changed"
		edited, err = recognition.New(draft, "draft")
		mustNil(t, err)
		v2, err := db.SaveRecognitionCatalogue(ctx, edited, "", "relabel")
		mustNil(t, err)
		c, v, err = db.RecognitionCatalogue(ctx)
		mustNil(t, err)
		if v2 != 2 || v != 2 || c.Domains[0].Cues[1].Label["en"] != "Changed" {
			t.Fatalf("after the second save: version %d/%d, label %q", v2, v, c.Domains[0].Cues[1].Label["en"])
		}

		old, err := db.RecognitionCatalogueVersion(ctx, 1)
		mustNil(t, err)
		if old.Domains[0].Cues[1].Label["en"] == "Changed" {
			t.Error("version 1 changed with version 2")
		}
		_, err = db.RecognitionCatalogueVersion(ctx, 3)
		wantIs(t, err, kynnys.ErrNotFound)

		h, err := db.RecognitionCatalogueHistory(ctx)
		mustNil(t, err)
		if len(h) != 2 || h[0].Version != 1 || h[0].ByID != admin.ID || h[0].ByName != "Ada Admin" || h[0].Note != "retire the first cue" ||
			h[1].ByID != "" || h[1].Note != "relabel" || h[0].At.IsZero() || h[1].At.Before(h[0].At) {
			t.Fatalf("history %+v", h)
		}
		if ch := h[1].Catalogue.Diff(h[0].Catalogue); len(ch.Changed) != 1 || ch.Changed[0] != c.Domains[0].Cues[1].Code {
			t.Errorf("diff 1→2: %+v", ch)
		}
	})
}
