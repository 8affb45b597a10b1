// Package intake is the contact and notification intake of seed 003: what
// arrives (help requests, professionals' notifications, phone calls), who it
// is about, the statutory deadlines it starts (RULES.md §1–§3), the team it
// is routed to and the triage that follows. It holds rules only, no I/O.
package intake

// Kind is what arrived, which decides who may send it and its deadlines.
type Kind string

const (
	// KindHelpRequest: a citizen's "Ask for help", for themselves or about someone close.
	KindHelpRequest Kind = "help_request"
	// KindSHL35Consent: a professional's contact under SHL 35 § with the person's consent.
	KindSHL35Consent Kind = "shl35_consent"
	// KindSHL35NoConsent: a professional's notification under SHL 35 § without consent.
	KindSHL35NoConsent Kind = "shl35_no_consent"
	// KindChildWelfare: a child welfare notification (LsL 25 §).
	KindChildWelfare Kind = "child_welfare"
	// KindChildWelfareJoint: a contact made together with the child or a custodial parent (LsL 25 a §).
	KindChildWelfareJoint Kind = "child_welfare_joint"
	// KindAnticipatory: an anticipatory child welfare notification before a birth (LsL 25 c §).
	KindAnticipatory Kind = "anticipatory_child_welfare"
	// KindElderly: a notification on an older person in need of care (VPL 25 §).
	KindElderly Kind = "elderly"
	// KindPhone: a phone call recorded by staff.
	KindPhone Kind = "phone"
)

// Kinds lists every kind in display order.
var Kinds = []Kind{KindHelpRequest, KindPhone, KindSHL35Consent, KindSHL35NoConsent,
	KindChildWelfare, KindChildWelfareJoint, KindAnticipatory, KindElderly}

// NotificationKinds are the kinds a professional sends with the
// notification form, in display order.
var NotificationKinds = []Kind{KindSHL35Consent, KindSHL35NoConsent, KindChildWelfareJoint,
	KindChildWelfare, KindAnticipatory, KindElderly}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// Notification reports whether k is one of the notification kinds.
func (k Kind) Notification() bool {
	for _, x := range NotificationKinds {
		if k == x {
			return true
		}
	}
	return false
}

// OnlyProfessionals reports whether only a professional, identified, may
// send k: SHL 35 § contacts, the joint contact and the anticipatory
// notification. A child welfare or an older person's notification may come
// from anyone, and from someone who is not a professional also anonymously
// (RULES.md §2).
func (k Kind) OnlyProfessionals() bool {
	switch k {
	case KindSHL35Consent, KindSHL35NoConsent, KindChildWelfareJoint, KindAnticipatory:
		return true
	}
	return false
}

// ChildWelfare reports whether k is by definition about a child (or, for
// the anticipatory notification, a child about to be born).
func (k Kind) ChildWelfare() bool {
	return k == KindChildWelfare || k == KindChildWelfareJoint || k == KindAnticipatory
}

// LegalBasis names the section of law k is made under.
func (k Kind) LegalBasis() string {
	switch k {
	case KindSHL35Consent, KindSHL35NoConsent:
		return "SHL 1301/2014 35 §"
	case KindChildWelfare:
		return "LsL 417/2007 25 §"
	case KindChildWelfareJoint:
		return "LsL 417/2007 25 a §"
	case KindAnticipatory:
		return "LsL 417/2007 25 c §"
	case KindElderly:
		return "VPL 980/2012 25 §"
	}
	return "SHL 1301/2014 36 §"
}

// Source is the way an item arrived.
type Source string

const (
	SourcePublicForm   Source = "public_form"  // the "Ask for help" form or API
	SourceNotification Source = "notification" // the professional notification form or API
	SourceStaff        Source = "staff"        // recorded by staff: a call, a letter, a paper notification
)
