package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kynnys/access"
	"kynnys/recognition"
)

// cueValues is the form of a cue with its labels, facts and note.
func cueValues(op, code, note string, facts ...string) url.Values {
	return url.Values{"op": {op}, "code": {code}, "note": {note}, "fact": facts,
		"label_fi": {"Ei pääse kotiin"}, "label_sv": {"Kan inte komma hem"}, "label_en": {"Cannot get home"}}
}

// apiCue finds a cue in the API's catalogue in lang.
func apiCue(t *testing.T, e *testEnv, lang, code string) (version string, cue *recognitionCueJSON) {
	t.Helper()
	var c recognitionCatalogueJSON
	if err := json.Unmarshal([]byte(e.browser().get("/api/v1/recognition/catalogue?lang="+lang).Body), &c); err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Domains {
		for i := range d.Cues {
			if d.Cues[i].Code == code {
				return c.Version, &d.Cues[i]
			}
		}
	}
	return c.Version, nil
}

// TestRecognitionAdminRoundTrip: an administrator adds, edits, retires and
// restores a cue; each save is a new version, which the API and the tool's
// evaluation follow, and the history lists each with who, why and what.
func TestRecognitionAdminRoundTrip(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	admin := e.newUser(access.RoleAdmin, withTOTP())
	b := e.browser()
	b.signInAs(admin, true)
	def, err := recognition.Default()
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := apiCue(t, e, "en", "housing.no_address"); v != def.Version {
		t.Fatalf("API version before any save: %q", v)
	}
	r := b.get("/admin/recognition?lang=en")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, e.html("en", "recognition_admin.version_default"), "housing.no_address")

	add := cueValues("add", "locked_out", "new cue from the pilot", "unable_to_self_care")
	add.Set("domain", "housing")
	add.Set("consent", "given")
	wantRedirect(t, b.postCSRF("/admin/recognition", add), "/admin/recognition")
	v, cue := apiCue(t, e, "sv", "housing.locked_out")
	if v != "1" || cue == nil || cue.Label != "Kan inte komma hem" || len(cue.Facts) != 2 ||
		cue.Facts[recognition.FactUnableToSelfCare] != true || cue.Facts[recognition.FactConsent] != "given" {
		t.Fatalf("after adding: version %q, cue %+v", v, cue)
	}
	wantContains(t, b.get("/admin/recognition?lang=en&saved=1"), e.html("en", "recognition_admin.saved"), e.html("en", "recognition_admin.version", 1))

	edit := cueValues("edit", "housing.locked_out", "relabel", "older_person")
	edit.Set("label_en", "Locked out of home")
	wantRedirect(t, b.postCSRF("/admin/recognition", edit), "/admin/recognition")
	if v, cue = apiCue(t, e, "en", "housing.locked_out"); v != "2" || cue.Label != "Locked out of home" ||
		len(cue.Facts) != 1 || cue.Facts[recognition.FactOlderPerson] != true {
		t.Fatalf("after editing: version %q, cue %+v", v, cue)
	}
	// The edit form shows the stored cue.
	r = b.get("/admin/recognition?lang=en&edit=housing.locked_out")
	wantContains(t, r, "Locked out of home", `id="edit-fact-older_person" name="fact" value="older_person" checked`, `value="retire"`)

	wantRedirect(t, b.postCSRF("/admin/recognition", url.Values{"op": {"retire"}, "code": {"housing.locked_out"}, "note": {"not needed"}}), "/admin/recognition")
	if v, cue = apiCue(t, e, "en", "housing.locked_out"); v != "3" || cue != nil {
		t.Fatalf("after retiring: version %q, cue %+v still in the API's catalogue", v, cue)
	}
	// Old links with a retired cue still evaluate.
	wantStatus(t, evaluate(t, e, "en", nil, map[string]any{"cues": []string{"housing.locked_out"}}), http.StatusOK)
	wantContains(t, b.get("/admin/recognition?lang=en&edit=housing.locked_out"), e.html("en", "recognition_admin.state.retired"), `value="restore"`)

	wantRedirect(t, b.postCSRF("/admin/recognition", url.Values{"op": {"restore"}, "code": {"housing.locked_out"}, "note": {"needed after all"}}), "/admin/recognition")
	if v, cue = apiCue(t, e, "en", "housing.locked_out"); v != "4" || cue == nil {
		t.Fatalf("after restoring: version %q, cue %+v", v, cue)
	}

	r = b.get("/admin/recognition/history?lang=en")
	wantStatus(t, r, http.StatusOK)
	wantContains(t, r, admin.Name, "new cue from the pilot", "relabel", "not needed", "needed after all",
		e.html("en", "recognition_admin.history.added"), e.html("en", "recognition_admin.history.changed"),
		e.html("en", "recognition_admin.history.retired"), e.html("en", "recognition_admin.history.restored"))
	if i, j := strings.Index(r.Body, "needed after all"), strings.Index(r.Body, "new cue from the pilot"); i > j {
		t.Error("history is not newest first")
	}
	versions, err := e.db.RecognitionCatalogueHistory(e.ctx())
	if err != nil || len(versions) != 4 {
		t.Fatalf("%d versions stored, %v", len(versions), err)
	}
}

// TestRecognitionAdminRejects: bad input is refused with a message in the
// user's language, and nothing is saved.
func TestRecognitionAdminRejects(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	admin := e.newUser(access.RoleAdmin, withTOTP())
	b := e.browser()
	b.signInAs(admin, true)
	with := func(v url.Values, kv ...string) url.Values {
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	addCue := func(kv ...string) url.Values {
		return with(cueValues("add", "new_one", "note", "older_person"), append([]string{"domain", "housing"}, kv...)...)
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want []string // catalogue key and arguments of the message
	}{
		{"missing label", addCue("label_sv", " "), []string{"error.required"}},
		{"long label", addCue("label_en", strings.Repeat("x", maxCueLabel+1)), []string{"recognition_admin.error.too_long", "300"}},
		{"duplicate code", addCue("code", "no_address"), []string{"recognition_admin.error.code_taken", "housing.no_address"}},
		{"malformed code", addCue("code", "Big Code"), []string{"recognition_admin.error.code"}},
		{"unknown domain", addCue("domain", "nowhere"), []string{"error.unknown_code"}},
		{"unknown fact", with(addCue(), "fact", "is_rich"), []string{"recognition_admin.error.unknown_fact", "is_rich"}},
		{"bad consent", addCue("consent", "maybe"), []string{"recognition_admin.error.consent"}},
		{"no note", addCue("note", ""), []string{"error.required"}},
		{"edit without a label", with(cueValues("edit", "housing.no_address", "x"), "label_fi", ""), []string{"error.required"}},
		{"restore a cue in use", url.Values{"op": {"restore"}, "code": {"housing.no_address"}, "note": {"x"}}, []string{"recognition_admin.error.state_restore"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, lang := range []string{"fi", "sv"} {
				tc.form.Set("lang", lang)
				r := b.postCSRF("/admin/recognition?lang="+lang, tc.form)
				wantStatus(t, r, http.StatusBadRequest)
				args := make([]any, len(tc.want)-1)
				for i, a := range tc.want[1:] {
					args[i] = a
				}
				if tc.want[0] == "recognition_admin.error.too_long" {
					args[0] = maxCueLabel
				}
				wantContains(t, r, e.html(lang, tc.want[0], args...), e.html(lang, "recognition_admin.error.summary"))
			}
		})
	}
	if _, v, err := e.db.RecognitionCatalogue(e.ctx()); err != nil || v != 0 {
		t.Fatalf("version %d saved from bad input: %v", v, err)
	}

	// Saving a cue as it is is no change.
	c, err := recognition.Default()
	if err != nil {
		t.Fatal(err)
	}
	same, _ := c.Cue("housing.no_address")
	form := url.Values{"op": {"edit"}, "code": {same.Code}, "note": {"x"}}
	for lang, l := range same.Label {
		form.Set("label_"+lang, l)
	}
	for f, v := range same.Facts {
		if f == recognition.FactConsent {
			form.Set("consent", v.(string))
		} else {
			form.Add("fact", string(f))
		}
	}
	r := b.postCSRF("/admin/recognition?lang=sv", form)
	wantStatus(t, r, http.StatusBadRequest)
	wantContains(t, r, e.html("sv", "recognition_admin.error.unchanged"))

	// Unknown operations and cues are bad forms, not pages.
	wantStatus(t, b.postCSRF("/admin/recognition", url.Values{"op": {"delete"}, "code": {"housing.no_address"}, "note": {"x"}}), http.StatusBadRequest)
	wantStatus(t, b.postCSRF("/admin/recognition", url.Values{"op": {"retire"}, "code": {"housing.nothing"}, "note": {"x"}}), http.StatusBadRequest)
	wantStatus(t, b.get("/admin/recognition?edit=housing.nothing"), http.StatusNotFound)
}

// TestRecognitionAdminOnlyAdmins: other roles may neither see nor change the catalogue.
func TestRecognitionAdminOnlyAdmins(t *testing.T) {
	t.Parallel()
	e := newEnv(t, "sqlite", Config{})
	for _, role := range access.Roles {
		if role == access.RoleAdmin {
			continue
		}
		b := e.browser()
		b.signInAs(e.newUser(role, withTOTP()), true)
		for _, r := range []*resp{b.get("/admin/recognition"), b.get("/admin/recognition/history"),
			b.postCSRF("/admin/recognition", cueValues("retire", "housing.no_address", "x"))} {
			wantStatus(t, r, http.StatusForbidden)
		}
		if strings.Contains(b.get("/staff").Body, `href="/admin/recognition"`) {
			t.Errorf("%s sees the link to the cue catalogue", role)
		}
	}
	if _, v, err := e.db.RecognitionCatalogue(e.ctx()); err != nil || v != 0 {
		t.Fatalf("a non-admin saved version %d: %v", v, err)
	}
}
