package encounter

import (
	"kynnys/directory"
)

// VocabularyKind names a vocabulary.
type VocabularyKind string

const (
	KindTopic   VocabularyKind = "topic"
	KindHelp    VocabularyKind = "help"
	KindAgeBand VocabularyKind = "age_band"
)

// Entry is one code of a vocabulary. Retired entries stay (Active false) so
// that old encounters keep their meaning; new encounters cannot use them.
type Entry struct {
	Kind     VocabularyKind
	Code     string
	Label    directory.Localized
	Active   bool
	Position int
}

// Vocabulary is every entry of every kind, as stored.
type Vocabulary struct {
	Entries []Entry
}

func (v *Vocabulary) find(kind VocabularyKind, code string) (Entry, bool) {
	for _, e := range v.Entries {
		if e.Kind == kind && e.Code == code {
			return e, true
		}
	}
	return Entry{}, false
}

// Known reports whether code exists in kind, active or retired.
func (v *Vocabulary) Known(kind VocabularyKind, code string) bool {
	_, ok := v.find(kind, code)
	return ok
}

// Active reports whether code may be used in a new or edited encounter.
func (v *Vocabulary) Active(kind VocabularyKind, code string) bool {
	e, ok := v.find(kind, code)
	return ok && e.Active
}

// Of returns the entries of kind in display order.
func (v *Vocabulary) Of(kind VocabularyKind) []Entry {
	var out []Entry
	for _, e := range v.Entries {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func l(fi, sv, en string) directory.Localized { return directory.Localized{FI: fi, SV: sv, EN: en} }

// DefaultVocabulary is what a new county starts with (seeded with the
// migration that creates the vocabulary): the topics and help of the seeds'
// pilots, all active, in this order. Topic codes are the directory's.
var DefaultVocabulary = defaults([]Entry{
	{Kind: KindTopic, Code: "unemployment", Label: l("Työttömyys", "Arbetslöshet", "Unemployment")},
	{Kind: KindTopic, Code: "income_support", Label: l("Toimeentulo ja toimeentulotuki", "Utkomst och utkomststöd", "Income and social assistance")},
	{Kind: KindTopic, Code: "debt", Label: l("Velat", "Skulder", "Debt")},
	{Kind: KindTopic, Code: "housing", Label: l("Asuminen", "Boende", "Housing")},
	{Kind: KindTopic, Code: "substance_use", Label: l("Päihteet", "Rusmedel", "Substance use")},
	{Kind: KindTopic, Code: "mental_health", Label: l("Mielenterveys", "Psykisk hälsa", "Mental health")},
	{Kind: KindTopic, Code: "loneliness", Label: l("Yksinäisyys", "Ensamhet", "Loneliness")},
	{Kind: KindTopic, Code: "daily_life", Label: l("Arjenhallinta", "Vardagen", "Managing daily life")},
	{Kind: KindTopic, Code: "family", Label: l("Perhe ja ihmissuhteet", "Familj och relationer", "Family and relationships")},
	{Kind: KindTopic, Code: "violence", Label: l("Väkivalta", "Våld", "Violence")},
	{Kind: KindTopic, Code: "health", Label: l("Terveys", "Hälsa", "Health")},
	{Kind: KindTopic, Code: "digital_services", Label: l("Digipalvelut ja verkkopankki", "Digitala tjänster och nätbank", "Digital services and online banking")},
	{Kind: KindTopic, Code: "benefits", Label: l("Etuudet ja Kela", "Förmåner och FPA", "Benefits and Kela")},
	{Kind: KindTopic, Code: "employment_services", Label: l("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment services")},
	{Kind: KindTopic, Code: "immigration", Label: l("Maahanmuutto ja kieli", "Invandring och språk", "Immigration and language")},

	{Kind: KindHelp, Code: "advice", Label: l("Neuvonta", "Rådgivning", "Advice")},
	{Kind: KindHelp, Code: "service_guidance", Label: l("Palveluohjaus", "Servicehandledning", "Service guidance")},
	{Kind: KindHelp, Code: "application_income_support", Label: l("Hakemusapu: toimeentulotuki", "Hjälp med ansökan: utkomststöd", "Application help: income support")},
	{Kind: KindHelp, Code: "application_rehabilitation", Label: l("Hakemusapu: kuntoutus", "Hjälp med ansökan: rehabilitering", "Application help: rehabilitation")},
	{Kind: KindHelp, Code: "application_divorce", Label: l("Hakemusapu: avioero", "Hjälp med ansökan: skilsmässa", "Application help: divorce")},
	{Kind: KindHelp, Code: "application_housing", Label: l("Hakemusapu: asunto", "Hjälp med ansökan: bostad", "Application help: housing")},
	{Kind: KindHelp, Code: "application_other", Label: l("Hakemusapu: muu", "Hjälp med ansökan: annat", "Application help: other")},
	{Kind: KindHelp, Code: "digital_help", Label: l("Digituki", "Digitalt stöd", "Digital help")},
	{Kind: KindHelp, Code: "conversation_support", Label: l("Keskusteluapu ja läsnäolo", "Samtalsstöd och närvaro", "Conversation support and presence")},
	{Kind: KindHelp, Code: "warm_handoff", Label: l("Saattaen vaihtaen palveluun", "Följd till tjänsten", "Warm hand-off to a service")},
	{Kind: KindHelp, Code: "initial_assessment", Label: l("Alkuarviointi aloitettu", "Inledande bedömning påbörjad", "Initial assessment started")},
	{Kind: KindHelp, Code: "shl35_contact", Label: l("SHL 35 §:n yhteydenotto tehty", "Kontakt enligt 35 § SVL gjord", "SHL 35 § contact made")},
	{Kind: KindHelp, Code: "emergency_referral", Label: l("Ohjaus päivystykseen", "Hänvisning till jouren", "Emergency referral")},

	{Kind: KindAgeBand, Code: "under_18", Label: l("alle 18", "under 18", "under 18")},
	{Kind: KindAgeBand, Code: "18_29", Label: l("18–29", "18–29", "18–29")},
	{Kind: KindAgeBand, Code: "30_44", Label: l("30–44", "30–44", "30–44")},
	{Kind: KindAgeBand, Code: "45_64", Label: l("45–64", "45–64", "45–64")},
	{Kind: KindAgeBand, Code: "65_74", Label: l("65–74", "65–74", "65–74")},
	{Kind: KindAgeBand, Code: "75_plus", Label: l("75 tai yli", "75 eller äldre", "75 or over")},
})

func defaults(es []Entry) []Entry {
	for i := range es {
		es[i].Active, es[i].Position = true, i
	}
	return es
}

// ValidCode reports whether s can be a vocabulary code: 1–40 of a–z, 0–9
// and _. Codes end up in roll-up keys (topic pairs are "a|b") and URLs.
func ValidCode(s string) bool {
	if len(s) == 0 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}
