package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kynnys/access"
	"kynnys/casework"
)

// ladderForm is the admin's ladder form filled with l's stages, as the
// page offers it (with two empty rows).
func ladderForm(l *casework.Ladder) url.Values {
	f := url.Values{"op": {"ladder"}, "version": {strconv.Itoa(l.Version)}}
	for i, st := range l.Stages {
		for _, lang := range Languages {
			row := adminStageRow{Row: i + 1}
			f.Set(row.Input("label", lang), st.Label[lang])
			f.Set(row.Input("description", lang), st.Description[lang])
		}
	}
	return f
}

func stageInput(row int, field, lang string) string {
	return adminStageRow{Row: row}.Input(field, lang)
}

func TestAdminCaseworkLadder(t *testing.T) {
	t.Parallel()
	eachEngine(t, plainEnv, func(t *testing.T, e *testEnv) {
		team := e.newTeam("Kokkola", []string{"Kokkola"}, access.TargetWorkingAge)
		admin := e.newUser(access.RoleAdmin, withTOTP())
		w := e.newUser(access.RoleSocialWorker, withTOTP(), withTeams(team.ID))
		b := e.as(admin)

		r := b.get("/admin/casework?lang=sv")
		wantStatus(t, r, http.StatusOK)
		def := casework.DefaultLadder()
		wantContains(t, r, def.Stages[6].Label["sv"], def.Stages[0].Label["fi"], e.html("sv", "casework_lists.admin.version_default"),
			`id="`+stageInput(8, "label", "fi")+`"`, `id="`+stageInput(9, "label", "en")+`"`)
		if strings.Contains(r.Body, `id="`+stageInput(10, "label", "fi")+`"`) {
			t.Error("more than two empty rows")
		}

		// Rename a stage and add one through an empty row.
		l, _ := e.db.Ladder(e.ctx())
		f := ladderForm(l)
		f.Set(stageInput(2, "label", "fi"), "Ensimmäinen tapaaminen")
		for _, lang := range Languages {
			f.Set(stageInput(8, "label", lang), "Itsenäinen "+lang)
		}
		r = b.postCSRF("/admin/casework", f)
		wantRedirect(t, r, "/admin/casework")
		l, err := e.db.Ladder(e.ctx())
		if err != nil {
			t.Fatal(err)
		}
		if l.Version != 1 || len(l.Stages) != 8 || l.Stages[1].Label["fi"] != "Ensimmäinen tapaaminen" || l.Stages[7].Label["sv"] != "Itsenäinen sv" {
			t.Fatalf("saved ladder: version %d, %d stages, %v", l.Version, len(l.Stages), l.Stages[1].Label)
		}
		r = b.get("/admin/casework?saved=ladder&lang=fi")
		wantContains(t, r, e.html("fi", "casework_lists.admin.ladder_saved"), e.html("fi", "casework_lists.admin.version", 1))

		// A label missing in one language: the field says so.
		f = ladderForm(l)
		f.Set(stageInput(3, "label", "sv"), "  ")
		b.get("/admin/casework?lang=sv")
		r = b.postCSRF("/admin/casework", f)
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, `href="#`+stageInput(3, "label", "sv")+`"`, e.html("sv", "error.required"),
			`id="`+stageInput(3, "label", "sv")+`" name="`+stageInput(3, "label", "sv")+`" lang="sv" type="text" maxlength="200" aria-invalid="true"`)

		// Emptying a middle stage would move cases to other names.
		f = ladderForm(l)
		for _, lang := range Languages {
			f.Set(stageInput(3, "label", lang), "")
			f.Set(stageInput(3, "description", lang), "")
		}
		r = b.postCSRF("/admin/casework", f)
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("sv", "casework_lists.admin.gap", 3))

		// Too few stages.
		f = url.Values{"op": {"ladder"}, "version": {"1"}}
		for _, lang := range Languages {
			f.Set(stageInput(1, "label", lang), "Ainoa")
		}
		r = b.postCSRF("/admin/casework", f)
		wantStatus(t, r, http.StatusBadRequest)
		wantContains(t, r, e.html("sv", "casework.error.ladder_size"))

		// The top stage cannot go while an open case is on it.
		cl := lstClient(e, "Ilona Isokoski", w.ID)
		lstCase(e, cl.ID, team.ID, w.ID, e.clock.now().Add(-time.Hour), func(c *casework.Case) { c.Stage, c.StageAt = 8, e.clock.now() })
		f = ladderForm(l)
		for _, lang := range Languages {
			f.Del(stageInput(8, "label", lang))
			f.Del(stageInput(8, "description", lang))
		}
		r = b.postCSRF("/admin/casework", f)
		wantStatus(t, r, http.StatusConflict)
		wantContains(t, r, e.html("sv", "casework.error.ladder_in_use"))
		if l2, _ := e.db.Ladder(e.ctx()); l2.Version != 1 || len(l2.Stages) != 8 {
			t.Fatalf("the refused ladder was saved: version %d", l2.Version)
		}

		// A form loaded before someone else saved is stale.
		f = ladderForm(l)
		f.Set("version", "0")
		r = b.postCSRF("/admin/casework", f)
		wantStatus(t, r, http.StatusConflict)
		wantContains(t, r, e.html("sv", "casework.error.conflict"))

		// Only an administrator edits the ladder.
		wb := e.as(w)
		wantStatus(t, wb.get("/admin/casework"), http.StatusForbidden)
		wantStatus(t, wb.postCSRF("/admin/casework", ladderForm(l)), http.StatusForbidden)
	})
}

func TestAdminCaseworkSettings(t *testing.T) {
	t.Parallel()
	eachEngine(t, plainEnv, func(t *testing.T, e *testEnv) {
		b := e.as(e.newUser(access.RoleAdmin, withTOTP()))
		r := b.get("/admin/casework?lang=en")
		wantContains(t, r, `name="not_reached_days" type="number" inputmode="numeric" min="1" max="365" required value="14"`,
			`name="default_cap" type="number" inputmode="numeric" min="1" max="200" required value="25"`)

		b.get("/admin/casework?lang=fi")
		for _, tc := range []struct {
			days, limit, bad string
			max              int // of the range the message names
		}{
			{"0", "25", "not_reached_days", 365}, {"366", "25", "not_reached_days", 365}, {"seitsemän", "25", "not_reached_days", 365},
			{"14", "0", "default_cap", 200}, {"14", "201", "default_cap", 200}, {"14", "", "default_cap", 200},
		} {
			r = b.postCSRF("/admin/casework", url.Values{"op": {"settings"}, "not_reached_days": {tc.days}, "default_cap": {tc.limit}})
			e.wantFieldError(t, r, "fi", "set-"+tc.bad, "casework_lists.admin.range", 1, tc.max)
		}
		if st, _ := e.db.CaseworkSettings(e.ctx()); st != casework.DefaultSettings {
			t.Fatalf("refused settings saved: %+v", st)
		}

		r = b.postCSRF("/admin/casework", url.Values{"op": {"settings"}, "not_reached_days": {" 21 "}, "default_cap": {"12"}})
		wantRedirect(t, r, "/admin/casework")
		if st, _ := e.db.CaseworkSettings(e.ctx()); st != (casework.Settings{NotReachedDays: 21, DefaultCap: 12}) {
			t.Fatalf("settings %+v", st)
		}
		r = b.get("/admin/casework?saved=settings")
		wantContains(t, r, e.html("fi", "casework_lists.admin.settings_saved"), `value="21"`, `value="12"`)

		wantStatus(t, b.postCSRF("/admin/casework", url.Values{"op": {"other"}}), http.StatusBadRequest)
	})
}
