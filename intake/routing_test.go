package intake

import (
	"testing"
	"time"

	"kynnys/access"
	"kynnys/calendar"
)

func TestRoute(t *testing.T) {
	var (
		all         = access.Team{ID: "all"} // serves everyone, everywhere
		poriFamily  = access.Team{ID: "pori-families", Municipalities: []string{"Pori"}, TargetGroups: []access.TargetGroup{access.TargetFamilies}}
		poriAny     = access.Team{ID: "pori-any", Municipalities: []string{" pori "}}
		elderlyAny  = access.Team{ID: "elderly-anywhere", TargetGroups: []access.TargetGroup{access.TargetElderly}}
		ulvilaWork  = access.Team{ID: "ulvila-working-age", Municipalities: []string{"Harjavalta", "Ulvila"}, TargetGroups: []access.TargetGroup{access.TargetWorkingAge, access.TargetYouth}}
		county      = []access.Team{all, elderlyAny, poriAny, poriFamily, ulvilaWork}
		noCatchAlls = []access.Team{poriFamily, ulvilaWork}
	)
	tests := []struct {
		name         string
		teams        []access.Team
		municipality string
		tg           access.TargetGroup
		want         string
		routed       bool
	}{
		{"both named", county, "Pori", access.TargetFamilies, "pori-families", true},
		{"municipality in another case", county, "PORI", access.TargetFamilies, "pori-families", true},
		{"municipality with spaces", county, " pori", access.TargetFamilies, "pori-families", true},
		{"municipality named, any group", county, "Pori", access.TargetWorkingAge, "pori-any", true},
		{"equal scores: the first team in name order", county, "Pori", access.TargetElderly, "elderly-anywhere", true},
		{"second municipality in a list", county, "ulvila", access.TargetYouth, "ulvila-working-age", true},
		{"group named, any municipality", county, "Ulvila", access.TargetElderly, "elderly-anywhere", true},
		{"only the catch-all", county, "Kankaanpää", access.TargetDisabled, "all", true},
		{"no team for the group", noCatchAlls, "Pori", access.TargetElderly, "default", false},
		{"no team for the municipality", noCatchAlls, "Rauma", access.TargetFamilies, "default", false},
		{"no teams", nil, "Pori", access.TargetFamilies, "default", false},
		{"the named team beats a catch-all listed first", []access.Team{all, poriFamily}, "Pori", access.TargetFamilies, "pori-families", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, routed := Route(tt.teams, tt.municipality, tt.tg, "default")
			if got != tt.want || routed != tt.routed {
				t.Errorf("Route = %q, %v; want %q, %v", got, routed, tt.want, tt.routed)
			}
		})
	}
	if got, routed := Route(nil, "Pori", access.TargetFamilies, ""); got != "" || routed {
		t.Errorf("no default team: %q, %v", got, routed)
	}
}

func TestTargetGroupFor(t *testing.T) {
	on := date(2027, 3, 24)
	tests := []struct {
		name string
		kind Kind
		s    Subject
		want access.TargetGroup
	}{
		{"child welfare", KindChildWelfare, Subject{}, access.TargetFamilies},
		{"joint contact", KindChildWelfareJoint, Subject{}, access.TargetFamilies},
		{"anticipatory", KindAnticipatory, Subject{BirthDate: date(1995, 1, 1)}, access.TargetFamilies},
		{"child by birth date", KindHelpRequest, Subject{BirthDate: date(2012, 1, 1)}, access.TargetFamilies},
		{"child flag", KindPhone, Subject{Child: true}, access.TargetFamilies},
		{"child with the highest care allowance", KindPhone, Subject{BirthDate: date(2012, 1, 1), HighestCareAllowance: true}, access.TargetFamilies},
		{"18 today", KindPhone, Subject{BirthDate: date(2009, 3, 24)}, access.TargetWorkingAge},
		{"older person's notification", KindElderly, Subject{}, access.TargetElderly},
		{"65 today", KindHelpRequest, Subject{BirthDate: date(1962, 3, 24)}, access.TargetElderly},
		{"65 tomorrow", KindHelpRequest, Subject{BirthDate: date(1962, 3, 25)}, access.TargetWorkingAge},
		{"aged 80", KindSHL35NoConsent, Subject{BirthDate: date(1947, 1, 1)}, access.TargetElderly},
		{"aged 70 with the highest care allowance", KindPhone, Subject{BirthDate: date(1957, 1, 1), HighestCareAllowance: true}, access.TargetElderly},
		{"aged 40 with the highest care allowance", KindPhone, Subject{BirthDate: date(1987, 1, 1), HighestCareAllowance: true}, access.TargetDisabled},
		{"highest care allowance, age unknown", KindSHL35Consent, Subject{HighestCareAllowance: true}, access.TargetDisabled},
		{"adult", KindSHL35Consent, Subject{BirthDate: date(1987, 1, 1)}, access.TargetWorkingAge},
		{"nothing known", KindHelpRequest, Subject{}, access.TargetWorkingAge},
	}
	for _, tt := range tests {
		if got := TargetGroupFor(tt.kind, tt.s, on); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestOlderCloseOneGoesToElderly(t *testing.T) {
	it := Item{Kind: KindHelpRequest, Municipality: "Pori", Concern: "x", OpenedAt: time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC),
		Details: Details{WhoNeedsHelp: "older_close_one", Contact: Contact{Method: "phone", Phone: "040 123 4567"}}}
	if err := it.Validate(it.OpenedAt.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := TargetGroupFor(it.Kind, it.Subject, calendar.DateOf(it.OpenedAt)); got != access.TargetElderly {
		t.Fatalf("target group %q, want elderly", got)
	}
}
