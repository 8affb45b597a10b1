// Package recognition is the tool of seed 004 that helps any professional
// recognise a social-welfare need and take the legally right route: a
// catalogue of cues (herätteet) and the decision from the facts they
// suggest to the statutory routes of RULES.md §2. It holds rules and data
// only, no I/O.
package recognition

import (
	"fmt"

	"kynnys/intake"
)

// Fact names one thing the professional knows about the situation.
type Fact string

const (
	FactAcuteDanger                  Fact = "acute_danger"
	FactConcernsChild                Fact = "concerns_child"
	FactChildWelfareLevel            Fact = "child_welfare_level"
	FactFamilyWillContactJointly     Fact = "family_will_contact_jointly"
	FactSuspectedOffenceAgainstChild Fact = "suspected_offence_against_child"
	FactUnbornChildAtRisk            Fact = "unborn_child_at_risk"
	FactOlderPerson                  Fact = "older_person"
	FactUnableToSelfCare             Fact = "unable_to_self_care"
	FactConsent                      Fact = "consent"
	FactCanSeekHelpThemselves        Fact = "can_seek_help_themselves"
)

// BoolFacts are the yes/no facts, in the order the tool asks them.
var BoolFacts = []Fact{FactAcuteDanger, FactConcernsChild, FactChildWelfareLevel, FactFamilyWillContactJointly,
	FactSuspectedOffenceAgainstChild, FactUnbornChildAtRisk, FactOlderPerson, FactUnableToSelfCare,
	FactCanSeekHelpThemselves}

// Consent is the person's stand on a contact to social services.
type Consent string

const (
	ConsentNotAsked Consent = "not_asked"
	ConsentGiven    Consent = "given"
	ConsentRefused  Consent = "refused"
)

// Consents lists the answers in the tool's order.
var Consents = []Consent{ConsentNotAsked, ConsentGiven, ConsentRefused}

// Facts is what the decision is made from. The zero value is "nothing
// known": no danger, no child, consent not asked.
type Facts struct {
	AcuteDanger                  bool
	ConcernsChild                bool
	ChildWelfareLevel            bool
	FamilyWillContactJointly     bool
	SuspectedOffenceAgainstChild bool
	UnbornChildAtRisk            bool
	OlderPerson                  bool
	UnableToSelfCare             bool
	Consent                      Consent
	CanSeekHelpThemselves        bool
}

// Set sets the fact f from a boolean; consent is set with SetConsent.
func (fs *Facts) Set(f Fact, v bool) error {
	p := fs.boolField(f)
	if p == nil {
		return fmt.Errorf("recognition: %q is not a yes/no fact", f)
	}
	*p = v
	return nil
}

func (fs *Facts) boolField(f Fact) *bool {
	switch f {
	case FactAcuteDanger:
		return &fs.AcuteDanger
	case FactConcernsChild:
		return &fs.ConcernsChild
	case FactChildWelfareLevel:
		return &fs.ChildWelfareLevel
	case FactFamilyWillContactJointly:
		return &fs.FamilyWillContactJointly
	case FactSuspectedOffenceAgainstChild:
		return &fs.SuspectedOffenceAgainstChild
	case FactUnbornChildAtRisk:
		return &fs.UnbornChildAtRisk
	case FactOlderPerson:
		return &fs.OlderPerson
	case FactUnableToSelfCare:
		return &fs.UnableToSelfCare
	case FactCanSeekHelpThemselves:
		return &fs.CanSeekHelpThemselves
	}
	return nil
}

// Get returns the value of a yes/no fact.
func (fs Facts) Get(f Fact) (bool, bool) {
	p := fs.boolField(f)
	if p == nil {
		return false, false
	}
	return *p, true
}

// Route is a statutory way to act.
type Route string

const (
	RouteEmergency         Route = "emergency"
	RoutePolice            Route = "police"
	RouteChildWelfare      Route = "child_welfare"
	RouteChildWelfareJoint Route = "child_welfare_joint"
	RouteAnticipatory      Route = "anticipatory_child_welfare"
	RouteElderly           Route = "elderly"
	RouteSHL35NoConsent    Route = "shl35_no_consent"
	RouteSHL35Consent      Route = "shl35_consent"
	RouteGuide             Route = "guide"
)

// Routes lists every route, most pressing first: the order Decide returns
// them in.
var Routes = []Route{RouteEmergency, RoutePolice, RouteChildWelfare, RouteChildWelfareJoint, RouteAnticipatory,
	RouteElderly, RouteSHL35NoConsent, RouteSHL35Consent, RouteGuide}

// LegalBasis names the law a route rests on.
func (r Route) LegalBasis() string {
	switch r {
	case RouteEmergency:
		return "HätäkeskusL 692/2010; SHL 1301/2014 29 §"
	case RoutePolice:
		return "LsL 417/2007 25 § 3 mom."
	case RouteChildWelfare:
		return "LsL 417/2007 25 §"
	case RouteChildWelfareJoint:
		return "LsL 417/2007 25 a §"
	case RouteAnticipatory:
		return "LsL 417/2007 25 c §"
	case RouteElderly:
		return "VPL 980/2012 25 §"
	case RouteSHL35NoConsent, RouteSHL35Consent:
		return "SHL 1301/2014 35 §"
	}
	return "SHL 1301/2014 35 § 1 mom."
}

// NotificationKind is the intake kind a route's notification is made as,
// or "" for routes without one (emergency, police, guidance).
func (r Route) NotificationKind() intake.Kind {
	switch r {
	case RouteChildWelfare:
		return intake.KindChildWelfare
	case RouteChildWelfareJoint:
		return intake.KindChildWelfareJoint
	case RouteAnticipatory:
		return intake.KindAnticipatory
	case RouteElderly:
		return intake.KindElderly
	case RouteSHL35NoConsent:
		return intake.KindSHL35NoConsent
	case RouteSHL35Consent:
		return intake.KindSHL35Consent
	}
	return ""
}

// Judgement says where the law leaves the choice of a route to the
// professional; the explanation says so rather than pretending.
type Judgement string

const (
	// JudgementNone: the facts oblige this route.
	JudgementNone Judgement = ""
	// JudgementChildsInterest: a contact without consent about a child's
	// family support needs is allowed only if the child's interest
	// necessarily requires it (SHL 35 § 2 mom.).
	JudgementChildsInterest Judgement = "childs_interest"
	// JudgementAskConsent: the person has not been asked; ask first, and
	// contact with consent, or guide them if they would rather act
	// themselves.
	JudgementAskConsent Judgement = "ask_consent"
	// JudgementJointOrNotification: the joint contact replaces the
	// notification only if it is made without delay, together with the
	// family; if they back out or it turns urgent, notify under LsL 25 §.
	JudgementJointOrNotification Judgement = "joint_or_notification"
)

// Decision is one route with the reason it applies.
type Decision struct {
	Route     Route
	Judgement Judgement
}

// Normalised returns the facts with what they imply made explicit, so
// that contradictory answers decide as their stronger reading: a suspected
// offence against a child is a concern for a child at the child welfare
// level (LsL 25 § 3 mom. sends it to child welfare as well as the police),
// and the child welfare level is a concern for a child. A fact is only ever
// switched on, never off: the tool errs towards a notification.
func (fs Facts) Normalised() Facts {
	if fs.SuspectedOffenceAgainstChild {
		fs.ChildWelfareLevel = true
	}
	if fs.ChildWelfareLevel {
		fs.ConcernsChild = true
	}
	if fs.Consent == "" {
		fs.Consent = ConsentNotAsked
	}
	return fs
}

// Decide returns the routes the facts call for, most pressing first
// (RULES.md §2), after normalising them. It always returns at least one
// route: with no cause for a notification, the professional tells the
// person where to get help.
func Decide(facts Facts) []Decision {
	f := facts.Normalised()
	var out []Decision
	// Routes are added in the order of Routes, most pressing first.
	add := func(r Route, j Judgement) { out = append(out, Decision{r, j}) }

	if f.AcuteDanger {
		add(RouteEmergency, JudgementNone)
	}
	if f.SuspectedOffenceAgainstChild {
		add(RoutePolice, JudgementNone)
	}
	// The joint contact replaces the notification only when the family
	// takes part and nothing is urgent; with a suspected offence it could
	// warn a suspect, so the notification is made instead (LsL 25 a §).
	childWelfare := f.ChildWelfareLevel
	switch {
	case childWelfare && f.FamilyWillContactJointly && !f.AcuteDanger && !f.SuspectedOffenceAgainstChild:
		add(RouteChildWelfareJoint, JudgementJointOrNotification)
	case childWelfare:
		add(RouteChildWelfare, JudgementNone)
	}
	if f.UnbornChildAtRisk {
		add(RouteAnticipatory, JudgementNone)
	}
	elderly := f.OlderPerson && f.UnableToSelfCare
	if elderly {
		add(RouteElderly, JudgementNone)
	}

	// The SHL 35 § contact: an adult's own need, or a child's need below
	// the child welfare level. The child welfare notification covers the
	// family, so no SHL 35 § contact is made beside it (SHL 35 § 4 mom.
	// makes one about a child stand for the other), and an older person
	// unable to look after themselves is notified under VPL 25 § instead.
	switch {
	case childWelfare:
	case f.UnableToSelfCare && !f.OlderPerson:
		if f.Consent == ConsentGiven {
			add(RouteSHL35Consent, JudgementNone)
		} else {
			add(RouteSHL35NoConsent, JudgementNone)
		}
	case f.Consent == ConsentGiven && (f.ConcernsChild || !elderly):
		add(RouteSHL35Consent, JudgementNone)
	case f.ConcernsChild && f.Consent == ConsentRefused && !f.CanSeekHelpThemselves:
		add(RouteSHL35NoConsent, JudgementChildsInterest)
	case elderly && !f.ConcernsChild:
	case f.Consent == ConsentNotAsked && !f.CanSeekHelpThemselves:
		add(RouteSHL35Consent, JudgementAskConsent)
	}
	if len(out) == 0 || f.CanSeekHelpThemselves && !f.UnableToSelfCare {
		add(RouteGuide, JudgementNone)
	}
	return out
}
