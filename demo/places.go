package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

var (
	weekdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	system   = directory.Editor{Name: "Kynnys demo"}
)

func coords(lat, lon float64) (*float64, *float64) { return &lat, &lon }

func hm(h, m int) directory.Clock { return directory.Clock(h*60 + m) }

// place is a demo service point with the index of the team that keeps it.
type place struct {
	team  int
	point directory.ServicePoint
}

// places are the seeds' places (001: Pihlava residents' lounge, Positiimi,
// Haiku, Kumu; 000: the Hämeenlinna walk-in clinic; 003: the Varsinais-Suomi
// phone advice, weekdays 8.30–15). Addresses, numbers and hours are made up
// but plausible; the meeting places close for July, as such places often do.
func places(year int) []place {
	summerStart := calendar.Date{Year: year, Month: time.July, Day: 1}
	summerEnd := calendar.Date{Year: year, Month: time.July, Day: 31}
	// Weekly hours valid outside July: two periods around the summer break.
	outsideJuly := func(days []time.Weekday, opens, closes directory.Clock) []directory.WeeklyHours {
		return []directory.WeeklyHours{
			{Days: days, Opens: opens, Closes: closes, ValidTo: summerStart.AddDays(-1)},
			{Days: days, Opens: opens, Closes: closes, ValidFrom: summerEnd.AddDays(1)},
		}
	}
	newYearsEve := []directory.Exception{{Date: calendar.Date{Year: year, Month: time.December, Day: 31}, Closed: true,
		Note: directory.Localized{FI: "Suljettu uudenvuodenaattona", SV: "Stängt på nyårsafton", EN: "Closed on New Year's Eve"}}}
	meeting := func() directory.ServicePoint {
		return directory.ServicePoint{Kind: directory.KindMeetingPlace, Organization: "Satakunnan hyvinvointialue",
			TargetGroups: []access.TargetGroup{access.TargetWorkingAge},
			Topics:       []string{"unemployment", "income_support", "debt", "loneliness", "substance_use", "daily_life", "digital_services", "benefits"},
			StaffRoles:   []string{"social_counsellor", "practical_nurse"}, Languages: []string{"fi"},
			AnonymousOK: true, Free: true, NoReferralNeeded: true, ClosedOnPublicHolidays: true, Exceptions: newYearsEve}
	}

	pihlava := meeting()
	pihlava.Name = directory.Localized{FI: "Pihlavan asukastupa", SV: "Invånarstugan i Pihlava", EN: "Pihlava residents' lounge"}
	pihlava.Description = directory.Localized{
		FI: "Olohuone kaikille pihlavalaisille. Sosiaaliohjaaja ja lähihoitaja ovat paikalla tiistaisin ja torstaisin: voit kysyä etuuksista, täyttää hakemuksia yhdessä tai vain jutella.",
		SV: "Ett vardagsrum för alla i Pihlava. En socialhandledare och en närvårdare finns på plats tisdagar och torsdagar: fråga om förmåner, fyll i ansökningar tillsammans eller bara prata.",
		EN: "A living room for everyone in Pihlava. A social counsellor and a practical nurse are there on Tuesdays and Thursdays: ask about benefits, fill in applications together, or just talk."}
	pihlava.Municipality = "Pori"
	pihlava.Address = directory.Address{Street: "Pihlavan puistotie 3", PostalCode: "28800", City: "Pori"}
	pihlava.Address.Lat, pihlava.Address.Lon = coords(61.5468, 21.6143)
	pihlava.Accessibility = directory.Localized{FI: "Esteetön sisäänkäynti pihan puolelta.", SV: "Tillgänglig ingång från gården.", EN: "Step-free entrance from the yard."}
	pihlava.Hours = outsideJuly([]time.Weekday{time.Tuesday, time.Thursday}, hm(9, 0), hm(14, 0))

	positiimi := meeting()
	positiimi.Name = directory.Localized{FI: "Kohtaamispaikka Positiimi", SV: "Mötesplatsen Positiimi", EN: "Positiimi meeting place"}
	positiimi.Description = directory.Localized{
		FI: "Matalan kynnyksen kohtaamispaikka Porin keskustassa. Tule sellaisenaan, ilman ajanvarausta. Apua arjen asioihin, verkkopankin käyttöön ja laskujen maksuun.",
		SV: "En lågtröskel mötesplats i Björneborgs centrum. Kom som du är, utan tidsbokning. Hjälp med vardagen, nätbanken och räkningar.",
		EN: "A low-threshold meeting place in central Pori. Come as you are, no appointment. Help with everyday matters, online banking and paying bills."}
	positiimi.Municipality = "Pori"
	positiimi.Address = directory.Address{Street: "Yrjönkatu 12", PostalCode: "28100", City: "Pori"}
	positiimi.Address.Lat, positiimi.Address.Lon = coords(61.4849, 21.7972)
	positiimi.Languages = []string{"fi", "en"}
	positiimi.Hours = append(outsideJuly([]time.Weekday{time.Monday, time.Tuesday, time.Wednesday}, hm(9, 0), hm(15, 0)),
		outsideJuly([]time.Weekday{time.Thursday}, hm(12, 0), hm(18, 0))...)
	positiimi.Exceptions = append(slices.Clone(newYearsEve), directory.Exception{Date: calendar.Date{Year: year, Month: time.December, Day: 23},
		Opens: hm(9, 0), Closes: hm(12, 0),
		Note: directory.Localized{FI: "Lyhennetty aukiolo ennen joulua", SV: "Förkortad öppettid före jul", EN: "Shorter hours before Christmas"}})

	haiku := meeting()
	haiku.Name = directory.Localized{FI: "Kohtaamispaikka Haiku", SV: "Mötesplatsen Haiku", EN: "Haiku meeting place"}
	haiku.Description = directory.Localized{
		FI: "Harjavallan kohtaamispaikka, jossa voi asioida nimettömänä. Sosiaaliohjaaja auttaa esimerkiksi toimeentulotuki-, kuntoutus- ja asumisasioissa.",
		SV: "Mötesplatsen i Harjavalta, där du kan vara anonym. Socialhandledaren hjälper till exempel med utkomststöd, rehabilitering och boende.",
		EN: "Harjavalta's meeting place, where you can stay anonymous. The social counsellor helps with income support, rehabilitation and housing, for example."}
	haiku.Municipality = "Harjavalta"
	haiku.Address = directory.Address{Street: "Myllykatu 4", PostalCode: "29200", City: "Harjavalta"}
	haiku.Address.Lat, haiku.Address.Lon = coords(61.3133, 22.1418)
	haiku.Topics = append(haiku.Topics, "housing")
	haiku.Hours = outsideJuly([]time.Weekday{time.Monday, time.Wednesday}, hm(10, 0), hm(14, 0))

	kumu := meeting()
	kumu.Name = directory.Localized{FI: "Päiväkeskus Kumu", SV: "Dagcentret Kumu", EN: "Kumu day centre"}
	kumu.Description = directory.Localized{
		FI: "Kokemäen päiväkeskus: aamukahvi, seuraa ja sosiaaliohjaajan neuvontaa. Paikalla myös lähihoitaja.",
		SV: "Dagcentret i Kumo: morgonkaffe, sällskap och råd av en socialhandledare. En närvårdare finns också på plats.",
		EN: "Kokemäki's day centre: morning coffee, company and a social counsellor's advice. A practical nurse is there too."}
	kumu.Municipality = "Kokemäki"
	kumu.Address = directory.Address{Street: "Tulkkilantie 2", PostalCode: "32800", City: "Kokemäki"}
	kumu.Address.Lat, kumu.Address.Lon = coords(61.2556, 22.3489)
	kumu.Hours = outsideJuly([]time.Weekday{time.Monday, time.Tuesday, time.Thursday, time.Friday}, hm(9, 0), hm(13, 0))

	clinic := directory.ServicePoint{Kind: directory.KindClinic, Organization: "Kanta-Hämeen hyvinvointialue",
		Name: directory.Localized{FI: "Päihdepalvelujen päivystysvastaanotto, Hämeenlinna", SV: "Missbruksvårdens jourmottagning, Tavastehus", EN: "Substance-abuse walk-in clinic, Hämeenlinna"},
		Description: directory.Localized{
			FI: "Päihdepalvelujen päivystysvastaanotolla on myös sosiaaliohjaaja: kun olet jo täällä, voit kysyä samalla käynnillä toimeentulosta, asumisesta tai veloista. Ei ajanvarausta.",
			SV: "På missbruksvårdens jourmottagning finns också en socialhandledare: när du ändå är här kan du fråga om utkomst, boende eller skulder under samma besök. Ingen tidsbokning.",
			EN: "The substance-abuse walk-in clinic also has a social counsellor: while you are here, you can ask about income, housing or debts on the same visit. No appointment."},
		Municipality: "Hämeenlinna", Address: directory.Address{Street: "Viipurintie 1", PostalCode: "13200", City: "Hämeenlinna"},
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge},
		Topics:       []string{"substance_use", "mental_health", "income_support", "housing", "debt", "benefits", "health"},
		StaffRoles:   []string{"social_counsellor", "nurse"}, Languages: []string{"fi", "sv", "en"},
		Accessibility: directory.Localized{FI: "Esteetön, hissi toiseen kerrokseen.", SV: "Tillgängligt, hiss till andra våningen.", EN: "Step-free, lift to the first floor."},
		AnonymousOK:   true, Free: true, NoReferralNeeded: true, ClosedOnPublicHolidays: true,
		Hours: []directory.WeeklyHours{
			{Days: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday}, Opens: hm(8, 0), Closes: hm(18, 0)},
			{Days: []time.Weekday{time.Friday}, Opens: hm(8, 0), Closes: hm(14, 0)},
		}}
	clinic.Address.Lat, clinic.Address.Lon = coords(60.9959, 24.4643)

	phone := func(area, number string, muns string) directory.ServicePoint {
		return directory.ServicePoint{Kind: directory.KindPhone, Organization: "Varsinais-Suomen hyvinvointialue",
			Name: directory.Localized{FI: "Sosiaalihuollon puhelinneuvonta, " + area, SV: "Socialvårdens telefonrådgivning, " + area, EN: "Social welfare phone advice, " + area},
			Description: directory.Localized{
				FI: "Neuvontaa ja ohjausta työikäisille, lapsiperheille ja vammaisille (" + muns + "). Tiimissä on sosiaalityöntekijöitä, sosiaaliohjaajia ja terveydenhuollon ammattilaisia.",
				SV: "Råd och handledning för personer i arbetsför ålder, barnfamiljer och personer med funktionsnedsättning (" + muns + "). I teamet finns socialarbetare, socialhandledare och yrkespersoner inom hälso- och sjukvården.",
				EN: "Advice and guidance for working-age adults, families with children and disabled people (" + muns + "). The team has social workers, social counsellors and health professionals."},
			Municipality: areaSeat(area), Phone: number,
			TargetGroups: []access.TargetGroup{access.TargetWorkingAge, access.TargetFamilies, access.TargetDisabled},
			Topics:       []string{"income_support", "housing", "family", "mental_health", "substance_use", "benefits", "daily_life"},
			StaffRoles:   []string{"social_worker", "social_counsellor", "health_professional"}, Languages: []string{"fi", "sv"},
			AnonymousOK: true, Free: true, NoReferralNeeded: true, ClosedOnPublicHolidays: true,
			Hours: []directory.WeeklyHours{{Days: weekdays, Opens: hm(8, 30), Closes: hm(15, 0)}}}
	}
	return []place{
		{1, pihlava}, {1, positiimi}, {2, haiku}, {2, kumu}, {0, clinic},
		{3, phone("Salo–Somero", "02 000 1010", "Salo, Somero")},
		{4, phone("Vakka-Suomi", "02 000 2020", "Mynämäki, Uusikaupunki, Pyhäranta, Kustavi, Taivassalo, Laitila, Masku, Nousiainen, Vehmaa")},
	}
}

func areaSeat(area string) string {
	if area == "Salo–Somero" {
		return "Salo"
	}
	return "Uusikaupunki"
}

// PlaceStore is what seeding places needs.
type PlaceStore interface {
	CreateServicePoint(ctx context.Context, sp *directory.ServicePoint, by directory.Editor) error
}

// seedPlaces stores the demo places of the current year for the demo teams.
func seedPlaces(ctx context.Context, st PlaceStore, teams []access.Team, now time.Time) error {
	for _, p := range places(calendar.DateOf(now).Year) {
		sp := p.point
		sp.TeamID = teams[p.team].ID
		if err := st.CreateServicePoint(ctx, &sp, system); err != nil {
			return fmt.Errorf("demo place %s: %w", sp.Name.FI, err)
		}
	}
	return nil
}
