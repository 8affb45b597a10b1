package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
)

// The information flow: the client's consents, and sending a partner only
// what an active consent covers. The worker first sees a preview of
// exactly what will be sent; sending stores the referral (the store checks
// the consent again), records it in the case's history and access-logs it
// as an export.

// referralPurpose is the access-log purpose of a referral to partner.
func referralPurpose(p casework.Partner) string { return "referral to " + string(p) }

// consentRow is one consent as the page shows it.
type consentRow struct {
	ID                        string
	Partner                   string // the partner's name, with the organisation
	Scope                     []string
	Given                     string
	ValidUntil, ValidUntilISO string
	// State: active, withdrawn, expired or pending (a CSS class);
	// StateText says it in words, with the date.
	State, StateText string
	consent          casework.Consent
}

// shareKind is one kind of information in the send form.
type shareKind struct {
	Code, Label string
	Covered     bool // the chosen consent covers it; others are disabled
	Checked     bool
}

// previewItem is one line of what a referral carries.
type previewItem struct {
	Label, Text string
	Actions     []casework.Action // a goal's
}

// previewSection is one kind of information a referral carries.
type previewSection struct {
	Label string
	Items []previewItem
	// Nothing says that nothing of this kind is recorded.
	Nothing string
}

// referralForm is the send form as typed.
type referralForm struct {
	ConsentID string
	Share     []string
	Message   string
}

// referralRow is one sent referral.
type referralRow struct {
	When, ISO, By, Partner string
	Shared                 []string
	Message                string
	Sections               []previewSection
}

type caseReferralsView struct {
	workPage
	ClientHref string
	Consents   []consentRow
	// Active are the consents information can go under now; Chosen is the
	// one the form is for.
	Active  []consentRow
	Chosen  *consentRow
	Kinds   []shareKind
	Form    referralForm
	Preview []previewSection
	// PreviewPartner names who the preview would go to.
	PreviewPartner string
	Sent           []referralRow
}

// partnerName is a partner's name with the organisation, if named.
func partnerName(p *Page, partner casework.Partner, organisation string) string {
	name := p.T("casework.partner." + string(partner))
	if organisation != "" {
		name += ": " + organisation
	}
	return name
}

func (s *Server) consentRowOf(p *Page, c casework.Consent) consentRow {
	now := s.now()
	row := consentRow{ID: c.ID, Partner: partnerName(p, c.Partner, c.Organisation), Given: p.Date(c.GivenAt),
		ValidUntil: finnishDate(c.ValidUntil), ValidUntilISO: isoDate(c.ValidUntil), consent: c}
	for _, k := range c.Scope {
		row.Scope = append(row.Scope, p.T("casework.info."+string(k)))
	}
	switch {
	case c.WithdrawnAt != nil:
		row.State, row.StateText = "withdrawn", p.T("casework_work.consent.withdrawn", p.Date(*c.WithdrawnAt))
	case c.ValidUntil.Before(calendar.DateOf(now)):
		row.State, row.StateText = "expired", p.T("casework_work.consent.expired", row.ValidUntil)
	case c.GivenAt.After(now):
		row.State, row.StateText = "pending", p.T("casework_work.consent.pending")
	default:
		row.State, row.StateText = "active", p.T("casework_work.consent.active")
	}
	return row
}

// previewOf words what content carries for each kind shared, in the
// order of casework.InfoKinds.
func previewOf(p *Page, shared []casework.InfoKind, content casework.ReferralContent) []previewSection {
	var out []previewSection
	for _, k := range casework.InfoKinds {
		if !slices.Contains(shared, k) {
			continue
		}
		sec := previewSection{Label: p.T("casework.info." + string(k)), Nothing: p.T("casework_work.referral.nothing")}
		add := func(label, text string) {
			if text != "" {
				sec.Items = append(sec.Items, previewItem{Label: label, Text: text})
			}
		}
		switch k {
		case casework.InfoContact:
			add(p.T("casework_work.referral.name"), content.Name)
			add(p.T("casework_work.referral.phone"), content.Phone)
			add(p.T("casework_work.referral.email"), content.Email)
			add(p.T("casework_work.referral.address"), content.Address)
		case casework.InfoSituation:
			for _, a := range casework.Areas {
				add(p.T("casework.area."+string(a)), content.Situation[a])
			}
		case casework.InfoLadder:
			if content.Stage > 0 {
				add(p.T("casework.info.ladder"), strconv.Itoa(content.Stage)+". "+content.StageName[p.Lang])
			}
		case casework.InfoPlan:
			for i, g := range content.Goals {
				sec.Items = append(sec.Items, previewItem{Label: p.T("casework_work.plan.goal_n", i+1), Text: g.Text, Actions: g.Actions})
			}
		case casework.InfoProgress:
			for _, a := range casework.Areas {
				if n, ok := content.Scores[a]; ok {
					add(p.T("casework.area."+string(a)), p.T("casework_work.referral.score", n))
				}
			}
		}
		out = append(out, sec)
	}
	return out
}

// caseReferralsView builds the page with the send form for the consent
// chosen (the first active one when chosen is not active).
func (s *Server) caseReferralsView(r *http.Request, wc *workCase, chosen string) (*caseReferralsView, error) {
	ctx := r.Context()
	wp, err := s.workPageOf(r, wc, "referrals")
	if err != nil {
		return nil, err
	}
	v := &caseReferralsView{workPage: wp, ClientHref: "/clients/" + wc.client.ID}
	names, _, err := s.staffNames(ctx)
	if err != nil {
		return nil, fmt.Errorf("staff names: %w", err)
	}
	consents, err := s.store.Consents(ctx, wc.client.ID)
	if err != nil {
		return nil, fmt.Errorf("consents: %w", err)
	}
	slices.SortFunc(consents, func(a, b casework.Consent) int { return b.GivenAt.Compare(a.GivenAt) })
	for _, c := range consents {
		row := s.consentRowOf(v.Page, c)
		v.Consents = append(v.Consents, row)
		if row.State == "active" {
			v.Active = append(v.Active, row)
		}
	}
	for i := range v.Active {
		if v.Active[i].ID == chosen {
			v.Chosen = &v.Active[i]
		}
	}
	if v.Chosen == nil && len(v.Active) > 0 {
		v.Chosen = &v.Active[0]
	}
	if v.Chosen != nil {
		v.Form.ConsentID = v.Chosen.ID
	}
	v.Kinds = v.kindsFor(nil)

	referrals, err := s.store.Referrals(ctx, wc.c.ID)
	if err != nil {
		return nil, fmt.Errorf("referrals: %w", err)
	}
	slices.SortFunc(referrals, func(a, b casework.Referral) int { return b.SentAt.Compare(a.SentAt) })
	for _, ref := range referrals {
		row := referralRow{When: v.Date(ref.SentAt), ISO: rfc3339(ref.SentAt), By: names[ref.SentBy],
			Partner: partnerName(v.Page, ref.Partner, ref.Organisation), Message: ref.Message,
			Sections: previewOf(v.Page, ref.Shared, ref.Content)}
		for _, k := range ref.Shared {
			row.Shared = append(row.Shared, v.T("casework.info."+string(k)))
		}
		v.Sent = append(v.Sent, row)
	}
	return v, nil
}

// kindsFor lists the kinds of information for the chosen consent, checked
// as in share.
func (v *caseReferralsView) kindsFor(share []string) []shareKind {
	var out []shareKind
	for _, k := range casework.InfoKinds {
		sk := shareKind{Code: string(k), Label: v.T("casework.info." + string(k)), Checked: slices.Contains(share, string(k))}
		sk.Covered = v.Chosen != nil && v.Chosen.consent.Covers(k)
		out = append(out, sk)
	}
	return out
}

func (s *Server) caseReferrals(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogView, false)
	if wc == nil {
		return
	}
	// The consent id chooses the form; it is no personal data.
	v, err := s.caseReferralsView(r, wc, r.URL.Query().Get("consent"))
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	if r.URL.Query().Get("saved") == "referral" {
		v.Flash = "casework_work.saved.referral"
	}
	s.render(w, r, http.StatusOK, "case_referrals", v)
}

// caseSendReferral previews (step=preview) or sends (step=send) the chosen
// information to the consent's partner.
func (s *Server) caseSendReferral(w http.ResponseWriter, r *http.Request) {
	wc := s.workCaseOf(w, r, access.LogView, true)
	if wc == nil {
		return
	}
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	f := referralForm{ConsentID: r.PostFormValue("consent_id"), Share: r.PostForm["share"], Message: r.PostFormValue("message")}
	step := r.PostFormValue("step")
	if step != "preview" && step != "send" {
		s.errorPage(w, r, http.StatusBadRequest, "error.bad_form")
		return
	}
	consent := s.clientConsent(w, r, wc.client.ID, f.ConsentID)
	if consent == nil {
		return
	}
	now := s.now()
	var content casework.ReferralContent
	kinds := make([]casework.InfoKind, 0, len(f.Share))
	for _, k := range f.Share {
		kinds = append(kinds, casework.InfoKind(k))
	}
	err := workClosed(wc)
	if err == nil {
		f.Message, err = workText("message", f.Message, 4000)
	}
	if err == nil {
		var in casework.ShareInput
		if in, err = s.shareInput(r, wc); err != nil {
			s.internalError(w, r, err)
			return
		}
		content, err = casework.BuildReferral(in, consent, kinds, now)
	}
	if err == nil && step == "send" {
		ref := casework.Referral{CaseID: wc.c.ID, ConsentID: consent.ID, Partner: consent.Partner,
			Organisation: consent.Organisation, Message: f.Message, Shared: kinds, Content: content,
			SentAt: now, SentBy: state(r).user.ID}
		// Logged before it is stored, so that nothing leaves unlogged.
		if err := s.logUse(r, wc.client.ID, access.LogExport, referralPurpose(consent.Partner)); err != nil {
			s.internalError(w, r, err)
			return
		}
		if err = s.store.AddReferral(ctx, &ref); err == nil {
			// "ngo: Sininauha", as the case's history reads partners.
			text := string(consent.Partner)
			if consent.Organisation != "" {
				text += ": " + consent.Organisation
			}
			err = s.store.AddCaseEvent(ctx, &casework.Event{CaseID: wc.c.ID, At: now, By: ref.SentBy,
				Type: casework.EventReferralSent, Text: text})
			if err != nil {
				s.internalError(w, r, fmt.Errorf("referral event: %w", err))
				return
			}
			workRedirect(w, r, wc.c.ID, "referrals", "referral", "sent-h", nil)
			return
		}
	}
	v, verr := s.caseReferralsView(r, wc, consent.ID)
	if verr != nil {
		s.internalError(w, r, verr)
		return
	}
	v.Form = f
	v.Kinds = v.kindsFor(f.Share)
	status := http.StatusOK
	switch fe, ok := kynnys.AsFieldError(err); {
	case err == nil:
		v.Preview, v.PreviewPartner = previewOf(v.Page, kinds, content), partnerName(v.Page, consent.Partner, consent.Organisation)
	case errors.Is(err, kynnys.ErrConflict):
		status, v.Conflict = http.StatusConflict, true
	case ok:
		status = http.StatusBadRequest
		v.refuse(fe, map[string]workInput{"consent_id": {"ref-consent", "casework_work.referral.consent"},
			"share": {"ref-share", "casework_work.referral.share"}, "message": {"ref-message", "casework_work.referral.message"}},
			workInput{"ref-consent", "casework_work.referral.consent"})
	default:
		s.internalError(w, r, fmt.Errorf("referral: %w", err))
		return
	}
	s.render(w, r, status, "case_referrals", v)
}

// shareInput is everything a referral from the case could carry: the
// client, the case, the ladder, the latest plan and self-assessment.
func (s *Server) shareInput(r *http.Request, wc *workCase) (casework.ShareInput, error) {
	ctx := r.Context()
	in := casework.ShareInput{Client: wc.client, Case: wc.c}
	var err error
	if in.Ladder, err = s.store.Ladder(ctx); err != nil {
		return in, fmt.Errorf("ladder: %w", err)
	}
	plans, err := s.store.Plans(ctx, wc.c.ID)
	if err != nil {
		return in, fmt.Errorf("plans: %w", err)
	}
	for i := range plans {
		if in.Plan == nil || plans[i].Version > in.Plan.Version {
			in.Plan = &plans[i]
		}
	}
	assessments, err := s.store.Assessments(ctx, wc.c.ID)
	if err != nil {
		return in, fmt.Errorf("assessments: %w", err)
	}
	for i := range assessments {
		if in.Assessment == nil || assessments[i].At.After(in.Assessment.At) {
			in.Assessment = &assessments[i]
		}
	}
	return in, nil
}
