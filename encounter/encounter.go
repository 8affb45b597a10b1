// Package encounter is the log of walk-in, phone, outreach and chat
// encounters (seeds 000, 001): who came (anonymously by default), about what,
// what help was given, where they were referred, and the pilot statistics that
// follow from it without spreadsheets.
package encounter

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"kynnys"
	"kynnys/calendar"
)

// Channel is how the encounter happened.
type Channel string

const (
	ChannelWalkIn   Channel = "walk_in"
	ChannelPhone    Channel = "phone"
	ChannelOutreach Channel = "outreach"
	ChannelChat     Channel = "chat"
)

// Channels lists the channels in display order.
var Channels = []Channel{ChannelWalkIn, ChannelPhone, ChannelOutreach, ChannelChat}

// AlreadyClient answers "is the person already a social-services client?".
var AlreadyClientAnswers = []string{"yes", "no", "unknown"}

// Genders are optional and coarse on purpose: anonymity first.
var Genders = []string{"", "female", "male", "other"}

// Encounter is one logged contact.
type Encounter struct {
	ID             string
	ServicePointID string
	StaffID        string
	Channel        Channel
	StartedAt      time.Time
	DurationMin    int
	// Anonymous encounters carry no personal data at all (RULES.md §5):
	// no client link and no free text.
	Anonymous           bool
	ClientID            string // only when not anonymous (case work, a later issue)
	Note                string // only when not anonymous
	AgeBand             string
	Gender              string
	Topics              []string
	Help                []string
	ReferredTo          []string // partner organisations, free list
	AlreadyClient       string   // yes, no, unknown
	ContinuedToServices bool
	FirstVisit          bool
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

// Limits keep one encounter's record sane.
const (
	MaxDurationMin = 12 * 60
	MaxCodes       = 30
	MaxReferrals   = 10
	MaxNote        = 2000
	// MaxAge is how far back an encounter may be logged (a pilot's paper
	// notes entered late), so that a typo in the year is caught.
	MaxAge = 366 * 24 * time.Hour
)

// Validate checks an encounter against the vocabulary at now. Errors are
// *kynnys.FieldError naming the API field.
func (e *Encounter) Validate(v *Vocabulary, now time.Time) error {
	if strings.TrimSpace(e.ServicePointID) == "" {
		return kynnys.Invalid("service_point_id", "error.required")
	}
	if !slices.Contains(Channels, e.Channel) {
		return kynnys.Invalid("channel", "error.unknown_code")
	}
	if e.StartedAt.IsZero() {
		return kynnys.Invalid("started_at", "error.required")
	}
	// A minute of slack for clocks that differ between a phone and the server.
	if e.StartedAt.After(now.Add(time.Minute)) {
		return kynnys.Invalid("started_at", "error.future")
	}
	if now.Sub(e.StartedAt) > MaxAge {
		return kynnys.Invalid("started_at", "error.too_old")
	}
	if e.DurationMin < 0 || e.DurationMin > MaxDurationMin {
		return kynnys.Invalid("duration_min", "error.duration")
	}
	e.Note = strings.TrimSpace(e.Note)
	if e.Anonymous {
		if e.ClientID != "" {
			return kynnys.Invalid("client_id", "error.personal_data_anonymous")
		}
		if e.Note != "" {
			return kynnys.Invalid("note", "error.personal_data_anonymous")
		}
	}
	if len(e.Note) > MaxNote {
		return kynnys.Invalid("note", "error.too_long")
	}
	if e.AgeBand != "" && !v.Known(KindAgeBand, e.AgeBand) {
		return kynnys.Invalid("age_band", "error.unknown_code")
	}
	if !slices.Contains(Genders, e.Gender) {
		return kynnys.Invalid("gender", "error.unknown_code")
	}
	for _, list := range []struct {
		field string
		kind  VocabularyKind
		codes *[]string
	}{{"topics", KindTopic, &e.Topics}, {"help", KindHelp, &e.Help}} {
		if len(*list.codes) > MaxCodes {
			return kynnys.Invalid(list.field, "error.too_many")
		}
		for _, c := range *list.codes {
			if !v.Active(list.kind, c) {
				return kynnys.Invalid(list.field, "error.unknown_code")
			}
		}
		*list.codes = dedupe(*list.codes)
	}
	refs := make([]string, 0, len(e.ReferredTo))
	for _, r := range e.ReferredTo {
		if r = strings.TrimSpace(r); r != "" {
			if len(r) > 200 {
				return kynnys.Invalid("referred_to", "error.too_long")
			}
			refs = append(refs, r)
		}
	}
	if len(refs) > MaxReferrals {
		return kynnys.Invalid("referred_to", "error.too_many")
	}
	e.ReferredTo = dedupe(refs)
	if e.AlreadyClient == "" {
		e.AlreadyClient = "unknown"
	}
	if !slices.Contains(AlreadyClientAnswers, e.AlreadyClient) {
		return kynnys.Invalid("already_client", "error.unknown_code")
	}
	return nil
}

func dedupe(xs []string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Fact is one count an encounter adds to the statistics: a dimension
// ("topic") and a code in it ("debt"). Statistics are sums of facts over
// days and places, kept as roll-ups in the same transaction as the encounter,
// so a year of a county is read from a few thousand rows, not a million.
type Fact struct {
	Dimension string
	Code      string
}

// Dimensions of the roll-ups.
const (
	DimTotal         = "total"          // code ""
	DimChannel       = "channel"        // code: channel
	DimTopic         = "topic"          // code: topic
	DimTopicPair     = "topic_pair"     // code: "a|b", a < b (co-occurrence)
	DimHelp          = "help"           // code: help
	DimReferral      = "referral"       // code: partner as written
	DimAgeBand       = "age_band"       // code: band or ""
	DimHour          = "hour"           // code: "00".."23" (Helsinki)
	DimAnonymous     = "anonymous"      // code: "yes"/"no"
	DimAlreadyClient = "already_client" // code: yes/no/unknown
	DimContinued     = "continued"      // code: "yes"/"no"
	DimVisit         = "visit"          // code: "first"/"returning"
)

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// LocalDate is the Helsinki date the encounter counts on.
func (e *Encounter) LocalDate() calendar.Date { return calendar.DateOf(e.StartedAt) }

// Facts lists what the encounter adds to the statistics (of its Helsinki
// date and service point).
func (e *Encounter) Facts() []Fact {
	visit := "returning"
	if e.FirstVisit {
		visit = "first"
	}
	facts := []Fact{
		{DimTotal, ""},
		{DimChannel, string(e.Channel)},
		{DimAgeBand, e.AgeBand},
		{DimHour, fmt.Sprintf("%02d", e.StartedAt.In(calendar.Helsinki).Hour())},
		{DimAnonymous, yesNo(e.Anonymous)},
		{DimAlreadyClient, e.AlreadyClient},
		{DimContinued, yesNo(e.ContinuedToServices)},
		{DimVisit, visit},
	}
	for _, t := range e.Topics {
		facts = append(facts, Fact{DimTopic, t})
	}
	topics := slices.Clone(e.Topics)
	sort.Strings(topics)
	for i := range topics {
		for j := i + 1; j < len(topics); j++ {
			facts = append(facts, Fact{DimTopicPair, topics[i] + "|" + topics[j]})
		}
	}
	for _, h := range e.Help {
		facts = append(facts, Fact{DimHelp, h})
	}
	for _, r := range e.ReferredTo {
		facts = append(facts, Fact{DimReferral, r})
	}
	return facts
}
