package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/hetu"
	"kynnys/intake"
)

// A handful of made-up contacts and notifications in the triage queues of
// the demo teams, in every state from just arrived to closed, some near or
// past their deadlines. Every person is invented; identity codes use the
// individual numbers 900–999 that only temporary codes have, so no real
// person's code appears.

// intakeStore is what seeding intake needs.
type intakeStore interface {
	Users(ctx context.Context) ([]access.User, error)
	SetDefaultIntakeTeam(ctx context.Context, teamID string) error
	intakeWriter
}

// intakeWriter is what storing the items needs.
type intakeWriter interface {
	CreateIntakeItem(ctx context.Context, it *intake.Item, events []intake.Event) error
	SaveIntakeTriage(ctx context.Context, it *intake.Item, ev intake.Event) error
}

// DefaultIntakeTeam is the demo team that takes what no team's area and
// target group match: Salo-Somero, the low-threshold triage team of seed 003.
const DefaultIntakeTeam = 3

// fakeHetu is a valid-format temporary identity code (individual number
// 900–999) for the birth date b.
func fakeHetu(b calendar.Date, individual int) string {
	sign := "-"
	if b.Year >= 2000 {
		sign = "A"
	}
	nine := fmt.Sprintf("%02d%02d%02d%03d", b.Day, int(b.Month), b.Year%100, individual)
	return nine[:6] + sign + nine[6:] + string(hetu.CheckSymbol(nine))
}

// arkipaivatAgo is the arkipäivä n arkipäivät before today (0: today).
func arkipaivatAgo(today calendar.Date, n int) calendar.Date {
	d := today
	for n > 0 {
		d = d.AddDays(-1)
		if calendar.IsArkipaiva(d) {
			n--
		}
	}
	return d
}

// demoStep is one triage step taken after an item arrived.
type demoStep struct {
	after time.Duration // after the opening
	by    string        // demo user's email
	do    func(it *intake.Item, by string, at time.Time) (intake.Event, error)
}

// demoItem is a made-up item and what happened to it.
type demoItem struct {
	item   intake.Item
	opened time.Time
	// recorded is when staff recorded a call or a paper notification (zero:
	// it was recorded as it opened, as forms are); recordedBy is who, by email.
	recorded   time.Time
	recordedBy string
	steps      []demoStep
}

func assess(u intake.Urgency, reasons string) func(*intake.Item, string, time.Time) (intake.Event, error) {
	return func(it *intake.Item, by string, at time.Time) (intake.Event, error) {
		return it.AssessUrgency(by, at, u, reasons)
	}
}

func assign(email string, ids map[string]string) func(*intake.Item, string, time.Time) (intake.Event, error) {
	return func(it *intake.Item, by string, at time.Time) (intake.Event, error) {
		return it.Assign(by, at, ids[email])
	}
}

func start(it *intake.Item, by string, at time.Time) (intake.Event, error) { return it.Start(by, at) }

func closeWith(outcome intake.Status, detail string) func(*intake.Item, string, time.Time) (intake.Event, error) {
	return func(it *intake.Item, by string, at time.Time) (intake.Event, error) {
		return it.Close(by, at, outcome, detail)
	}
}

func note(text string) func(*intake.Item, string, time.Time) (intake.Event, error) {
	return func(it *intake.Item, by string, at time.Time) (intake.Event, error) {
		ev, err := intake.Note(by, at, text)
		ev.Status = it.Status
		return ev, err
	}
}

const (
	demoLead       = "esihenkilo@demo.kynnys.fi"
	demoWorker     = "sosiaalityontekija@demo.kynnys.fi"
	demoCounsellor = "sosiaaliohjaaja@demo.kynnys.fi"
)

// demoIntake is the demo's items as at now.
func demoIntake(now time.Time, ids map[string]string) []demoItem {
	today := calendar.DateOf(now)
	at := func(d calendar.Date, h, m int) time.Time { return d.Time(h, m, 0) }
	born := func(years, month, day int) calendar.Date {
		return calendar.Date{Year: today.Year - years, Month: time.Month(month), Day: day}
	}
	nurse := &intake.Notifier{Name: "Terhi Terveydenhoitaja", Organisation: "Salon neuvola", Title: "terveydenhoitaja",
		Phone: "02 770 0000", Professional: true, WantsAcknowledgement: true}
	teacher := &intake.Notifier{Name: "Oskari Opettaja", Organisation: "Halikon koulu", Title: "luokanopettaja",
		Phone: "040 000 0101", Email: "oskari.opettaja@example.fi", Professional: true, WantsAcknowledgement: true}
	return []demoItem{
		{ // Just now: a call to the Pori team, not yet assessed.
			opened: now.Add(-40 * time.Minute), recordedBy: demoCounsellor,
			item: intake.Item{Kind: intake.KindPhone, Source: intake.SourceStaff, Municipality: "Pori",
				Subject: intake.Subject{Name: "Pekka Puhelinsoittaja", BirthDate: born(44, 3, 12), Phone: "040 000 0202", Language: "fi"},
				Concern: "Soitti: vuokrarästejä kolmelta kuukaudelta, häätöuhka. Toivoo apua toimeentulotuen hakemiseen."},
		},
		{ // Three arkipäivät ago, never assessed: overdue in Pori.
			opened: at(arkipaivatAgo(today, 3), 15, 40),
			item: intake.Item{Kind: intake.KindHelpRequest, Source: intake.SourcePublicForm, Municipality: "Pori",
				Subject: intake.Subject{Name: "Maija Mallikas", Language: "fi"},
				Concern: "En jaksa enää hoitaa asioitani, laskuja on kertynyt.",
				Details: intake.Details{WhoNeedsHelp: "self", Topics: []string{"money", "daily_life"},
					Contact: intake.Contact{Method: "phone", Phone: "040 000 0303", GoodTimes: "afternoon", MayLeaveMessage: true}}},
		},
		{ // Yesterday: assessed, assigned, being handled in Pori.
			opened: at(arkipaivatAgo(today, 1), 9, 5),
			item: intake.Item{Kind: intake.KindHelpRequest, Source: intake.SourcePublicForm, Municipality: "Pori",
				Subject: intake.Subject{Name: "Jussi Jokinen", BirthDate: born(31, 7, 2)},
				Details: intake.Details{WhoNeedsHelp: "self", Topics: []string{"work_or_study", "loneliness"},
					Contact: intake.Contact{Method: "email", Email: "jussi.jokinen@example.fi", GoodTimes: "any"}}},
			steps: []demoStep{
				{45 * time.Minute, demoLead, assess(intake.UrgencyNotUrgent, "Ei välitöntä vaaraa; työttömyys ja yksinäisyys, toivoo yhteydenottoa.")},
				{50 * time.Minute, demoLead, assign(demoCounsellor, ids)},
				{3 * time.Hour, demoCounsellor, start},
				{3*time.Hour + 10*time.Minute, demoCounsellor, note("Soitettu, sovittu tapaaminen Porin kohtaamispaikalle.")},
			},
		},
		{ // Last week, with consent: guidance given and closed.
			opened: at(arkipaivatAgo(today, 6), 11, 20),
			item: intake.Item{Kind: intake.KindSHL35Consent, Source: intake.SourceNotification, Municipality: "Pori",
				Subject:  intake.Subject{Name: "Raili Rantanen", Hetu: fakeHetu(born(58, 10, 4), 912), Phone: "040 000 0404"},
				Notifier: &intake.Notifier{Name: "Kaisa Kuntoutusohjaaja", Organisation: "Työllisyyspalvelut", Phone: "044 000 0505", Professional: true},
				Concern:  "Asiakas toivoo apua toimeentulotuen ja asumisen kanssa; suostumus yhteydenottoon saatu.",
				Details:  intake.Details{PersonKnows: "yes", Consent: intake.ConsentGiven}},
			steps: []demoStep{
				{30 * time.Minute, demoLead, assess(intake.UrgencyNotUrgent, "Ei kiireellinen: toimeentulo turvattu kuun loppuun.")},
				{26 * time.Hour, demoCounsellor, closeWith(intake.StatusGuidanceGiven, "")},
			},
		},
		{ // A school's child welfare notification: assessed, the 7-day decision near.
			opened: at(arkipaivatAgo(today, 5), 10, 30),
			item: intake.Item{Kind: intake.KindChildWelfare, Source: intake.SourceNotification, Municipality: "Salo",
				Subject: intake.Subject{Name: "Ella Esimerkki", Hetu: fakeHetu(born(9, 5, 17), 934), Address: "Esimerkkitie 1, Salo",
					Guardians: []intake.Guardian{{Name: "Elina Esimerkki", Phone: "040 000 0606"}, {Name: "Erkki Esimerkki", Phone: "040 000 0707"}}},
				Notifier: teacher,
				Concern:  "Oppilas on ollut useana aamuna koulussa nälkäisenä ja väsyneenä, ja kertoi kotona olevan riitaa.",
				Details:  intake.Details{PersonKnows: "no"}},
			steps: []demoStep{
				{20 * time.Minute, demoWorker, assess(intake.UrgencyNotUrgent, "Ei välitöntä vaaraa; selvitys tarpeen seitsemän arkipäivän kuluessa.")},
				{25 * time.Minute, demoWorker, assign(demoWorker, ids)},
			},
		},
		{ // An anticipatory notification from the maternity clinic, just in.
			opened: now.Add(-2 * time.Hour),
			item: intake.Item{Kind: intake.KindAnticipatory, Source: intake.SourceNotification, Municipality: "Somero",
				Subject: intake.Subject{Name: "Sari Saarinen", Hetu: fakeHetu(born(24, 1, 29), 958),
					ExpectedDueDate: today.AddDays(95)},
				Notifier: nurse,
				Concern:  "Odottava äiti kertoo päihteiden käytöstä ja asunnottomuuden uhasta; tukea tarvitaan ennen synnytystä.",
				Details:  intake.Details{PersonKnows: "yes"}},
		},
		{ // An older person's notification: urgent, to the default team.
			opened: now.Add(-3 * time.Hour),
			item: intake.Item{Kind: intake.KindElderly, Source: intake.SourceNotification, Municipality: "Somero",
				Subject: intake.Subject{Name: "Veikko Vanhanen", Hetu: fakeHetu(born(82, 2, 8), 977), Address: "Kylätie 5, Somero"},
				Notifier: &intake.Notifier{Name: "Pirjo Poliisi", Organisation: "Lounais-Suomen poliisilaitos", Phone: "0295 000 000",
					Professional: true},
				Concern: "Asuu yksin, löytyi kaatuneena kotoa; sekava, kodissa kylmää. Ei pärjää kotona ilman apua.",
				Details: intake.Details{PersonKnows: "yes", PoliceNotified: true}},
			steps: []demoStep{
				{25 * time.Minute, demoWorker, assess(intake.UrgencyUrgent, "Välitön avun tarve: ei pärjää yksin tänä yönä.")},
			},
		},
		{ // A child welfare notification whose 7-day decision is overdue.
			opened: at(arkipaivatAgo(today, 9), 13, 0),
			item: intake.Item{Kind: intake.KindChildWelfare, Source: intake.SourceNotification, Municipality: "Salo",
				Subject: intake.Subject{Name: "Niko Nuorinen", Hetu: fakeHetu(born(15, 11, 30), 941),
					Guardians: []intake.Guardian{{Name: "Nina Nuorinen", Phone: "040 000 0808"}}},
				Notifier: &intake.Notifier{Name: "Harri Harrastusohjaaja", Organisation: "Salon nuorisopalvelut", Phone: "044 000 0909",
					Professional: true},
				Concern: "Nuori on jäänyt pois harrastuksista ja kertoi, ettei halua mennä kotiin.",
				Details: intake.Details{PersonKnows: "yes"}},
			steps: []demoStep{
				{2 * time.Hour, demoWorker, assess(intake.UrgencyNotUrgent, "Ei välitöntä vaaraa; nuori on turvassa sukulaisten luona.")},
				{2*time.Hour + 5*time.Minute, demoWorker, assign(demoWorker, ids)},
				{26 * time.Hour, demoWorker, start},
			},
		},
		{ // A help request about a child: an assessment started, 3 months running.
			opened: at(arkipaivatAgo(today, 20), 8, 45),
			item: intake.Item{Kind: intake.KindHelpRequest, Source: intake.SourcePublicForm, Municipality: "Uusikaupunki",
				Subject: intake.Subject{Name: "Aino Aaltonen", BirthDate: born(6, 9, 9)},
				Concern: "Lapsen arki on vaikeaa, tarvitsemme apua kotiin.",
				Details: intake.Details{WhoNeedsHelp: "child", Topics: []string{"child", "family"},
					Contact: intake.Contact{Method: "phone", Phone: "040 000 1010", GoodTimes: "morning"}}},
			steps: []demoStep{
				{time.Hour, demoWorker, assess(intake.UrgencyNotUrgent, "Ei kiireellinen.")},
				{4 * 24 * time.Hour, demoWorker, closeWith(intake.StatusAssessmentStarted, "")},
			},
		},
		{ // Without consent, forwarded elsewhere and closed.
			opened: at(arkipaivatAgo(today, 4), 14, 10),
			item: intake.Item{Kind: intake.KindSHL35NoConsent, Source: intake.SourceNotification, Municipality: "Masku",
				Subject: intake.Subject{Name: "Timo Tuntematon", BirthDate: born(39, 6, 21)},
				Notifier: &intake.Notifier{Name: "Sami Sairaanhoitaja", Organisation: "Maskun terveysasema", Phone: "02 000 1111",
					Professional: true},
				Concern: "Toistuvia päivystyskäyntejä päihtyneenä; ei ole halunnut apua.",
				Details: intake.Details{PersonKnows: "no", Consent: intake.ConsentRefused}},
			steps: []demoStep{
				{time.Hour, demoWorker, assess(intake.UrgencyNotUrgent, "Ei välitöntä vaaraa.")},
				{26 * time.Hour, demoWorker, closeWith(intake.StatusForwarded, "Päihdepalvelujen sosiaalityö")},
			},
		},
	}
}

// arrive makes d's item as the intake forms store it as at now: checked,
// routed and with its deadlines.
func arrive(d demoItem, teams []access.Team, ids map[string]string, now time.Time) (intake.Item, error) {
	it := d.item
	it.OpenedAt, it.RecordedAt, it.RecordedBy, it.Status = d.opened, cmp.Or(d.recorded, d.opened), ids[d.recordedBy], intake.StatusReceived
	if err := it.Validate(now); err != nil {
		return it, err
	}
	day := calendar.DateOf(it.OpenedAt)
	it.TargetGroup = intake.TargetGroupFor(it.Kind, it.Subject, day)
	it.TeamID, it.Routed = intake.Route(teams, it.Municipality, it.TargetGroup, teams[DefaultIntakeTeam].ID)
	it.Deadlines = intake.ComputeDeadlines(it.Kind, it.Subject, it.OpenedAt)
	return it, nil
}

// intakeWriters is how many items are stored at once: on PostgreSQL
// concurrent commits share their WAL flushes, which makes seeding several
// times faster; SQLite's single writer takes them in turn while the next
// ones are prepared.
const intakeWriters = 8

// seedIntake stores the hand-made demo items and a year of generated ones,
// routed and with their deadlines as the intake forms would, with the steps
// of their handling taken up to now; and makes the triage team the default
// intake team.
func seedIntake(ctx context.Context, st intakeStore, teams []access.Team, now time.Time) error {
	if err := st.SetDefaultIntakeTeam(ctx, teams[DefaultIntakeTeam].ID); err != nil {
		return fmt.Errorf("demo default intake team: %w", err)
	}
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	ids := map[string]string{}
	for _, u := range users {
		ids[u.Email] = u.ID
	}
	return storeIntake(ctx, st, append(demoIntake(now, ids), generateIntake(teams, users, now, intakeTarget)...), teams, ids, now)
}

// storeIntake stores items, several at a time.
func storeIntake(ctx context.Context, st intakeWriter, items []demoItem, teams []access.Team, ids map[string]string, now time.Time) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range intakeWriters {
		wg.Go(func() {
			for i := range next {
				if err := seedIntakeItem(ctx, st, items[i], teams, ids, now); err != nil {
					cancel(fmt.Errorf("demo intake item %d: %w", i, err))
				}
			}
		})
	}
feed:
	for i := range items {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

// seedIntakeItem stores d's item and the steps of its handling up to now.
func seedIntakeItem(ctx context.Context, st intakeWriter, d demoItem, teams []access.Team, ids map[string]string, now time.Time) error {
	it, err := arrive(d, teams, ids, now)
	if err != nil {
		return err
	}
	events := []intake.Event{{At: it.RecordedAt, By: it.RecordedBy, Type: intake.EventCreated, Status: intake.StatusReceived},
		{At: it.RecordedAt, Type: intake.EventRouted, ToTeam: it.TeamID}}
	if err := st.CreateIntakeItem(ctx, &it, events); err != nil {
		return err
	}
	for j, s := range d.steps {
		at := it.OpenedAt.Add(s.after)
		if at.After(now) {
			break // the rest is yet to happen
		}
		ev, err := s.do(&it, ids[s.by], at)
		if err == nil {
			err = st.SaveIntakeTriage(ctx, &it, ev)
		}
		if err != nil {
			return fmt.Errorf("step %d: %w", j, err)
		}
	}
	return nil
}

// A year of made-up intake, so that the triage history and the deadline
// compliance report (by default the last full quarter) have figures: a few
// hundred items over the 12 months up to now, in the mixes of a mid-sized
// county's low-threshold intake, handled in times that meet most deadlines
// and miss a few. Every person is invented: made-up surnames, identity codes
// only with the temporary individual numbers 900–999, and most items with a
// birth date or nothing.

const (
	// intakeYearTarget is about how many items a year: some ten a week.
	intakeYearTarget = 520
	// intakeSeed makes the demo the same every time for the same day.
	intakeSeed = 2027
	// Shares of the items whose statutory 7-arkipäivä decision or start,
	// and whose 3-month assessment, come late; and of assigned items that
	// were forgotten and never closed. They are spread evenly (quota), not
	// drawn, and the late decisions and starts come early in each quarter,
	// so that every quarter's report has some, however few its items.
	lateDecisionShare   = 0.1
	lateAssessmentShare = 0.12
	forgottenShare      = 0.012
	// Arkipäivät are the busy days; on weekends and holidays only forms,
	// the police and hospitals' emergency departments send anything.
	holidayWeight = 0.15
)

// intakeTarget is how many items a year to seed. CI runs the tests with
// -race (.ci/run), and the demo tests and the server's start-up test seed
// the demo on SQLite and PostgreSQL. Under the race detector SQLite is some
// ten times slower per transaction (the full year takes about 10 s there,
// 1 s without it), so there the year is thinned to a quarter: every
// quarter's report still has figures.
var intakeTarget = func() int {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "-race" && s.Value == "true" {
				return intakeYearTarget / 4
			}
		}
	}
	return intakeYearTarget
}()

// Kind mixes: on an arkipäivä, and on a weekend or holiday (no phone service).
var (
	arkipaivaKinds = []weighted{
		{string(intake.KindHelpRequest), 30}, {string(intake.KindPhone), 28}, {string(intake.KindChildWelfare), 18},
		{string(intake.KindSHL35Consent), 8}, {string(intake.KindSHL35NoConsent), 5}, {string(intake.KindChildWelfareJoint), 4},
		{string(intake.KindElderly), 4}, {string(intake.KindAnticipatory), 3},
	}
	holidayKinds = []weighted{
		{string(intake.KindHelpRequest), 60}, {string(intake.KindChildWelfare), 22}, {string(intake.KindSHL35NoConsent), 10},
		{string(intake.KindElderly), 8},
	}
)

// monthWeight: the summer holidays and Christmas are quieter.
var monthWeight = map[time.Month]float64{time.June: 0.85, time.July: 0.6, time.August: 0.9, time.December: 0.85}

// municipalityWeight is about each demo municipality's population in
// thousands, for where items come from; others count as 5.
var municipalityWeight = map[string]float64{
	"Pori": 84, "Harjavalta": 7, "Kokemäki": 7, "Salo": 51, "Somero": 8, "Mynämäki": 8, "Uusikaupunki": 15,
	"Pyhäranta": 2, "Kustavi": 1, "Taivassalo": 2, "Laitila": 8, "Masku": 10, "Nousiainen": 5, "Vehmaa": 2,
	"Kokkola": 48, "Kannus": 5, "Kaustinen": 4, "Veteli": 3, "Perho": 3, "Toholampi": 3, "Lestijärvi": 1, "Halsua": 1,
}

// elsewhere are municipalities no demo team serves: an item from there goes
// to the default team.
var elsewhere = []string{"Rauma", "Turku", "Loimaa"}

// Invented people: common first names with made-up surnames.
var (
	firstNames = []string{"Aino", "Eino", "Helmi", "Väinö", "Sofia", "Leo", "Emma", "Onni", "Ilona", "Elias",
		"Kerttu", "Toivo", "Linnea", "Oliver", "Hilja", "Juhani", "Marja", "Matti", "Tuula", "Kari", "Sirkka", "Pertti"}
	surnames = []string{"Esimerkki", "Mallikas", "Testinen", "Kuvitelma", "Keksimö", "Harjoitus", "Kokeilu", "Sepitelmä",
		"Tarinainen", "Satunen", "Lorunen", "Kertomo", "Mielikuva", "Aarteinen", "Haavekas", "Unelmo"}
)

// What the items say (made up; contents are Finnish, as the demo county's).
var (
	helpConcerns = []string{"Rahat eivät riitä ruokaan kuun loppuun.", "Vuokra on maksamatta kahdelta kuukaudelta.",
		"Tarvitsen apua Kelan hakemusten kanssa.", "Olen ollut pitkään yksin enkä jaksa lähteä kotoa.",
		"Läheiseni juo paljon ja olen huolissani.", "Lapsen kanssa arki ei suju, tarvitsemme tukea.",
		"Äitini ei enää pärjää kotona yksin.", "Menetin työpaikkani enkä tiedä, mistä aloittaa.", ""}
	phoneConcerns = []string{"Soitti: toimeentulotuki katkesi, ei ruokaa viikonlopuksi.",
		"Soitti: asunnon irtisanominen, tarvitsee apua uuden asunnon hakemiseen.",
		"Soitti: ulosotto vie palkasta suuren osan, toivoo velkaneuvontaa.",
		"Soitti: yksinäisyys ja masentuneisuus, haluaisi keskustella jonkun kanssa.",
		"Soitti: puolison päihteiden käyttö kuormittaa, kysyy tukea itselleen.",
		"Soitti: ei osaa käyttää verkkoasiointia, tarvitsee apua hakemuksessa."}
	shl35Concerns = []string{"Potilas kotiutumassa sairaalasta, ei asuntoa.", "Toistuvia päivystyskäyntejä päihtyneenä.",
		"Asiakas on työtön eikä toimeentulo ole selvä; toivoo apua.", "Vuokranantajan mukaan asunnossa on häätöuhka.",
		"Asiakas ei ole hakenut etuuksia ja rahat ovat lopussa."}
	childConcerns = []string{"Oppilas on ollut paljon poissa koulusta, eikä huoltajia ole tavoitettu.",
		"Lapsi kertoi, että kotona riidellään ja häntä pelottaa.", "Huoltaja oli päihtyneenä hakemassa lasta päiväkodista.",
		"Poliisitehtävä perheen kotiin, lapset olivat paikalla.", "Nuori on karkaillut kotoa ja viettää öitä kavereilla.",
		"Lapsi tulee kouluun nälkäisenä ja puutteellisesti pukeutuneena."}
	jointConcerns = []string{"Yhdessä äidin kanssa: perhe toivoo tukea arkeen vauvan synnyttyä.",
		"Nuori itse pyytää apua: kotona on jatkuvaa riitaa.", "Yhdessä isän kanssa: yksinhuoltaja uupunut, tarvitsee apua."}
	anticipatoryConcerns = []string{"Odottava äiti kertoo päihteiden käytöstä.", "Raskaana oleva on vailla vakinaista asuntoa.",
		"Raskaana olevalla on vaikea masennus eikä tukiverkkoa."}
	elderlyConcerns = []string{"Muistisairas asukas on eksynyt useasti ulos yöllä.", "Kotona kylmää eikä ruokaa ole.",
		"Läheinen epäilee taloudellista hyväksikäyttöä.", "Kaatuillut kotona, ei pääse enää kauppaan."}
	notUrgentReasons = []string{"Ei välitöntä vaaraa; yhteydenotto tavallisessa järjestyksessä.",
		"Ei kiireellinen: perustarpeet turvattu lähipäiviksi.", "Ei välitöntä vaaraa; selvitys tarpeen määräajassa."}
	urgentReasons = []string{"Välitön avun tarve: ei turvallista paikkaa yöksi.", "Kiireellinen: lapsen turvallisuus vaarassa.",
		"Kiireellinen: ei pärjää kotona ilman apua tänään."}
	demoIntakeNotes = []string{"Soitettu, ei vastausta; yritetään uudelleen.", "Sovittu kotikäynti.",
		"Pyydetty lisätietoja ilmoittajalta.", "Tavattu toimistolla.", "Ilmoittajalle kerrottu, että ilmoitus on vastaanotettu."}
	noActionReasons = []string{"Ei tavoitettu kolmella yrityksellä; kirje lähetetty.", "Asia hoitunut jo muualla.",
		"Henkilö ei halunnut palvelua.", "Ei sosiaalihuollon tarvetta."}
	forwardTo = map[access.TargetGroup][]string{
		access.TargetWorkingAge: {"Aikuissosiaalityö", "Päihde- ja mielenterveyspalvelut", "Työllisyyspalvelut",
			"Talous- ja velkaneuvonta", "Kela"},
		access.TargetDisabled: {"Vammaispalvelut", "Aikuissosiaalityö"},
		access.TargetFamilies: {"Lapsiperheiden sosiaalityö", "Perheneuvola", "Lapsiperheiden kotipalvelu"},
		access.TargetElderly:  {"Ikäihmisten palveluohjaus", "Kotihoito", "Muistipoliklinikka"},
	}
	// Who notifies, per kind: invented professionals (name, organisation, title).
	demoNotifiers = map[intake.Kind][][3]string{
		intake.KindSHL35Consent: {{"Sami Sairaanhoitaja", "Terveysasema", "sairaanhoitaja"},
			{"Kaisa Kuntoutusohjaaja", "Työllisyyspalvelut", "kuntoutusohjaaja"}},
		intake.KindSHL35NoConsent: {{"Paula Päivystäjä", "Sairaalan päivystys", "sairaanhoitaja"},
			{"Pirjo Poliisi", "Lounais-Suomen poliisilaitos", "vanhempi konstaapeli"}},
		intake.KindChildWelfare: {{"Oskari Opettaja", "Koulu", "luokanopettaja"}, {"Päivi Päiväkoti", "Päiväkoti", "varhaiskasvatuksen opettaja"},
			{"Pirjo Poliisi", "Lounais-Suomen poliisilaitos", "vanhempi konstaapeli"}, {"Kalle Kuraattori", "Koulu", "koulukuraattori"},
			{"Harri Harrastusohjaaja", "Nuorisopalvelut", "nuoriso-ohjaaja"}},
		intake.KindChildWelfareJoint: {{"Terhi Terveydenhoitaja", "Neuvola", "terveydenhoitaja"},
			{"Kalle Kuraattori", "Koulu", "koulukuraattori"}},
		intake.KindAnticipatory: {{"Terhi Terveydenhoitaja", "Neuvola", "terveydenhoitaja"},
			{"Kaarina Kätilö", "Äitiyspoliklinikka", "kätilö"}},
		intake.KindElderly: {{"Hanna Kotihoitaja", "Kotihoito", "lähihoitaja"}, {"Pirjo Poliisi", "Lounais-Suomen poliisilaitos", "vanhempi konstaapeli"},
			{"Antti Apteekkari", "Apteekki", "farmaseutti"}},
	}
)

// quota says yes to an even share of the calls to next, from a random phase.
type quota struct{ acc, share float64 }

func (q *quota) next() bool {
	if q.acc += q.share; q.acc >= 1 {
		q.acc--
		return true
	}
	return false
}

// teamTriage is who triages a team's items: its leads, and the workers
// (social workers and counsellors) items are assigned to; by email.
type teamTriage struct{ leads, workers []string }

func (t teamTriage) anyone(r *rand.Rand) string {
	all := append(slices.Clone(t.leads), t.workers...)
	return all[r.IntN(len(all))]
}

func (t teamTriage) lead(r *rand.Rand) string {
	if len(t.leads) == 0 {
		return t.anyone(r)
	}
	return t.leads[r.IntN(len(t.leads))]
}

func (t teamTriage) worker(r *rand.Rand) string {
	if len(t.workers) == 0 {
		return t.anyone(r)
	}
	return t.workers[r.IntN(len(t.workers))]
}

// triageTeams maps each team that has someone who may triage to who does.
func triageTeams(teams []access.Team, users []access.User) map[string]teamTriage {
	users = slices.Clone(users)
	slices.SortFunc(users, func(a, b access.User) int { return cmp.Compare(a.Email, b.Email) })
	triagers := access.RolesFor(access.ActionTriage)
	out := map[string]teamTriage{}
	for _, t := range teams {
		var tt teamTriage
		for i := range users {
			u := &users[i]
			switch {
			case !u.InTeam(t.ID) || !slices.Contains(triagers, u.Role):
			case u.Role == access.RoleTeamLead:
				tt.leads = append(tt.leads, u.Email)
			default:
				tt.workers = append(tt.workers, u.Email)
			}
		}
		if len(tt.leads)+len(tt.workers) > 0 {
			out[t.ID] = tt
		}
	}
	return out
}

// intakeYear makes the generated items.
type intakeYear struct {
	r     *rand.Rand
	now   time.Time
	teams []access.Team
	staff map[string]teamTriage
	ids   map[string]string
	// where items come from, by target group: the municipalities of the
	// staffed teams that serve the group (all staffed teams' if none does).
	where map[access.TargetGroup][]weighted
	hetus map[string]bool
	// Late ones: the 7-arkipäivä decision (a child's matter), the
	// 7-arkipäivä start (others), and the 3-month assessment.
	lateDecision, lateStart, lateAssessed quota
	forgotten                             quota
}

// generateIntake makes the items of the 365 days up to now in the queues
// of the teams someone triages, with their histories as planned: steps
// that fall after now are left for the seeding to drop. The same teams,
// users and day give the same items.
func generateIntake(teams []access.Team, users []access.User, now time.Time, target int) []demoItem {
	today := calendar.DateOf(now)
	ids := map[string]string{}
	for _, u := range users {
		ids[u.Email] = u.ID
	}
	r := rand.New(rand.NewPCG(intakeSeed, uint64(today.Year)*1000+uint64(today.Month)*40+uint64(today.Day)))
	g := &intakeYear{r: r, now: now, teams: teams, staff: triageTeams(teams, users),
		ids: ids, where: map[access.TargetGroup][]weighted{}, hetus: map[string]bool{},
		lateDecision: quota{r.Float64(), lateDecisionShare}, lateStart: quota{r.Float64(), lateDecisionShare},
		lateAssessed: quota{r.Float64(), lateAssessmentShare}, forgotten: quota{r.Float64(), forgottenShare}}
	for _, tg := range access.TargetGroups {
		for _, serving := range []bool{true, false} {
			for _, t := range teams {
				if _, ok := g.staff[t.ID]; ok && (!serving || slices.Contains(t.TargetGroups, tg)) {
					for _, m := range t.Municipalities {
						g.where[tg] = append(g.where[tg], weighted{m, cmp.Or(municipalityWeight[m], 5)})
					}
				}
			}
			if len(g.where[tg]) > 0 {
				break
			}
		}
	}
	from := today.AddDays(-364)
	dayWeight := func(d calendar.Date) float64 {
		w := cmp.Or(monthWeight[d.Month], 1)
		if !calendar.IsArkipaiva(d) {
			w *= holidayWeight
		}
		return w
	}
	var sum float64
	for d := from; !d.After(today); d = d.AddDays(1) {
		sum += dayWeight(d)
	}
	perWeight := float64(target) / sum
	var out []demoItem
	for d := from; !d.After(today); d = d.AddDays(1) {
		if d.Day == 1 && d.Month%3 == 1 {
			// A late one within the quarter's first few.
			g.lateDecision.acc, g.lateStart.acc = 0.8+0.2*r.Float64(), 0.8+0.2*r.Float64()
		}
		// The expected count, rounded at random: the total stays close to the target.
		for range int(dayWeight(d)*perWeight + r.Float64()) {
			if di, ok := g.item(d); ok {
				out = append(out, di)
			}
		}
	}
	return out
}

// between is a random duration in [lo, hi), to the minute.
func between(r *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.Int64N(int64(hi-lo))).Truncate(time.Minute)
}

// clock is the instant on d at a random minute in [fromHour, toHour).
func clock(r *rand.Rand, d calendar.Date, fromHour, toHour int) time.Time {
	return d.Time(fromHour, 0, 0).Add(between(r, 0, time.Duration(toHour-fromHour)*time.Hour))
}

func oneOf[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// item makes one item opened on d, or false if it would arrive after now.
func (g *intakeYear) item(d calendar.Date) (demoItem, bool) {
	r := g.r
	arkipaiva := calendar.IsArkipaiva(d)
	kinds := holidayKinds
	if arkipaiva {
		kinds = arkipaivaKinds
	}
	kind := intake.Kind(pick(r, kinds))
	// When it opened: calls in the phone service's hours, forms at any
	// time, professionals mostly in office hours (busiest around noon).
	var opened time.Time
	switch x := r.Float64(); {
	case !arkipaiva:
		opened = clock(r, d, 9, 22)
	case kind == intake.KindPhone:
		opened = clock(r, d, 9, 15)
	case kind == intake.KindHelpRequest && x < 0.25, kind != intake.KindHelpRequest && x < 0.08:
		opened = clock(r, d, 16, 23)
	case kind == intake.KindHelpRequest && x < 0.33:
		opened = clock(r, d, 6, 8)
	default:
		opened = d.Time(8, 0, 0).Add(time.Duration((r.Float64() + r.Float64()) / 2 * float64(8*time.Hour))).Truncate(time.Minute)
	}
	di := demoItem{item: g.content(kind, d), opened: opened}
	switch {
	case kind == intake.KindPhone:
		di.recorded = opened.Add(between(r, 5*time.Minute, 20*time.Minute))
	case kind.Notification() && r.Float64() < 0.2:
		// A notification on paper, recorded in the office hours after it came.
		di.recorded = intake.AddOfficeTime(opened, between(r, 30*time.Minute, 4*time.Hour))
	}
	if !opened.Before(g.now) || di.recorded.After(g.now) {
		return demoItem{}, false
	}
	if !di.recorded.IsZero() {
		di.item.Source = intake.SourceStaff
	}
	// Where from: mostly a municipality whose team serves the item's target group.
	if r.Float64() < 0.03 {
		di.item.Municipality = oneOf(r, elsewhere)
	} else {
		di.item.Municipality = pick(r, g.where[intake.TargetGroupFor(kind, di.item.Subject, d)])
	}
	arrived, err := arrive(di, g.teams, g.ids, g.now)
	staff, ok := g.staff[arrived.TeamID]
	if err != nil || !ok {
		// Nothing generated is invalid, and items go to staffed teams or the
		// default team. Should that change, the item stays as it arrived:
		// seeding reports the invalid one, and one no one handles waits.
		return di, true
	}
	if !di.recorded.IsZero() {
		di.recordedBy = staff.anyone(r)
	}
	di.steps = g.history(&arrived, di.recordedBy, staff)
	return di, true
}

// bornAged is a birth date that makes someone minAge to maxAge years old on d.
func bornAged(r *rand.Rand, d calendar.Date, minAge, maxAge int) calendar.Date {
	// 366 and 365 keep the age within bounds across leap years.
	return d.AddDays(-(minAge*366 + r.IntN((maxAge+1)*365-minAge*366)))
}

// person is an invented name.
func person(r *rand.Rand, surname string) string { return oneOf(r, firstNames) + " " + surname }

// demoPhone is a made-up number in the range the hand-made items use.
func demoPhone(r *rand.Rand) string { return fmt.Sprintf("040 000 %04d", r.IntN(10000)) }

// identify gives the subject a name with share named, and a temporary
// identity code with share coded, else the birth date with share dated.
func (g *intakeYear) identify(s *intake.Subject, born calendar.Date, named, coded, dated float64) {
	r := g.r
	surname := oneOf(r, surnames)
	if r.Float64() < named {
		s.Name = person(r, surname)
	}
	switch x := r.Float64(); {
	case x < coded:
		// One code is one person: take a number not yet given for that day.
		for n, k := r.IntN(100), 0; k < 100 && s.Hetu == ""; n, k = (n+1)%100, k+1 {
			if code := fakeHetu(born, 900+n); !g.hetus[code] {
				g.hetus[code], s.Hetu = true, code
			}
		}
		if s.Hetu == "" {
			s.BirthDate = born
		}
	case x < coded+dated:
		s.BirthDate = born
	}
}

// notifier is an invented professional who sends kind k.
func (g *intakeYear) notifier(k intake.Kind) *intake.Notifier {
	n := oneOf(g.r, demoNotifiers[k])
	return &intake.Notifier{Name: n[0], Organisation: n[1], Title: n[2], Phone: fmt.Sprintf("02 000 %04d", g.r.IntN(10000)),
		Professional: true, WantsAcknowledgement: g.r.Float64() < 0.4}
}

// content makes what an item of kind k opened on d says.
func (g *intakeYear) content(k intake.Kind, d calendar.Date) intake.Item {
	r := g.r
	it := intake.Item{Kind: k, Source: intake.SourceNotification}
	s := &it.Subject
	if r.Float64() < 0.05 {
		s.Language = "sv"
	}
	switch k {
	case intake.KindHelpRequest:
		it.Source = intake.SourcePublicForm
		det := &it.Details
		det.WhoNeedsHelp = pick(r, []weighted{{"self", 70}, {"close_one", 12}, {"child", 12}, {"older_close_one", 6}})
		topics := []weighted{{"money", 20}, {"housing", 12}, {"daily_life", 12}, {"work_or_study", 10}, {"loneliness", 10},
			{"substance_use", 8}, {"mental_health", 10}, {"violence", 3}, {"family", 6}, {"other", 4}}
		switch det.WhoNeedsHelp {
		case "child":
			s.Child, det.Topics = true, []string{"child"}
			topics = []weighted{{"family", 3}, {"daily_life", 2}, {"money", 1}, {"violence", 1}}
		case "older_close_one":
			s.Older, det.Topics = true, []string{"older_person"}
			topics = []weighted{{"daily_life", 3}, {"housing", 1}, {"money", 1}}
		}
		det.Topics = append(det.Topics, pickN(r, topics, 1+r.IntN(2))...)
		it.Concern = oneOf(r, helpConcerns)
		if r.Float64() < 0.05 {
			det.Anonymous = true
			return it
		}
		born := bornAged(r, d, 18, 64)
		switch det.WhoNeedsHelp {
		case "child":
			born = bornAged(r, d, 1, 16)
		case "older_close_one":
			born = bornAged(r, d, 70, 94)
		}
		g.identify(s, born, 0.5, 0, 0.4)
		det.Contact = intake.Contact{Method: "phone", Phone: demoPhone(r), GoodTimes: oneOf(r, []string{"morning", "afternoon", "any"}),
			MayLeaveMessage: r.Float64() < 0.6}
		if r.Float64() < 0.3 {
			det.Contact = intake.Contact{Method: "email", Email: fmt.Sprintf("asiakas%04d@example.com", r.IntN(10000)), GoodTimes: "any"}
		}
	case intake.KindPhone:
		it.Concern = oneOf(r, phoneConcerns)
		born := bornAged(r, d, 18, 64)
		if r.Float64() < 0.1 {
			born = bornAged(r, d, 65, 85)
		}
		g.identify(s, born, 0.4, 0, 0.5)
		if r.Float64() < 0.7 {
			s.Phone = demoPhone(r)
		}
	case intake.KindSHL35Consent, intake.KindSHL35NoConsent:
		it.Notifier, it.Concern = g.notifier(k), oneOf(r, shl35Concerns)
		g.identify(s, bornAged(r, d, 18, 64), 0.8, 0.15, 0.7)
		s.HighestCareAllowance = r.Float64() < 0.03
		it.Details.PersonKnows, it.Details.Consent = "yes", intake.ConsentGiven
		if k == intake.KindSHL35NoConsent {
			it.Details.PersonKnows = oneOf(r, []string{"yes", "no", "unknown"})
			it.Details.Consent = oneOf(r, []intake.Consent{intake.ConsentRefused, intake.ConsentNotAsked})
		}
	case intake.KindChildWelfare, intake.KindChildWelfareJoint:
		it.Concern = oneOf(r, childConcerns)
		it.Details.PersonKnows = oneOf(r, []string{"yes", "no", "unknown"})
		switch x := r.Float64(); {
		case k == intake.KindChildWelfareJoint:
			it.Concern, it.Details.PersonKnows = oneOf(r, jointConcerns), "yes"
			it.Notifier = g.notifier(k)
		case x < 0.08:
			// Anyone who is not a professional may notify anonymously.
			it.Notifier = &intake.Notifier{}
		case x < 0.15:
			it.Notifier = &intake.Notifier{Name: person(r, oneOf(r, surnames)), Phone: demoPhone(r)}
		default:
			it.Notifier = g.notifier(k)
			it.Details.PoliceNotified = it.Notifier.Organisation != "Lounais-Suomen poliisilaitos" && r.Float64() < 0.1
		}
		g.identify(s, bornAged(r, d, 0, 16), 0.85, 0.2, 0.75)
		s.ChildSpecialSupport = r.Float64() < 0.1
		if s.Name != "" && r.Float64() < 0.5 {
			surname := s.Name[strings.LastIndex(s.Name, " ")+1:]
			for range 1 + r.IntN(2) {
				s.Guardians = append(s.Guardians, intake.Guardian{Name: person(r, surname), Phone: demoPhone(r)})
			}
		}
	case intake.KindAnticipatory:
		it.Notifier, it.Concern = g.notifier(k), oneOf(r, anticipatoryConcerns)
		it.Details.PersonKnows = "yes"
		g.identify(s, bornAged(r, d, 18, 40), 0.9, 0.2, 0.8)
		s.ExpectedDueDate = d.AddDays(30 + r.IntN(200))
	case intake.KindElderly:
		it.Concern = oneOf(r, elderlyConcerns)
		it.Details.PersonKnows = oneOf(r, []string{"yes", "no", "unknown"})
		switch x := r.Float64(); {
		case x < 0.1:
			it.Notifier = &intake.Notifier{}
		case x < 0.2:
			it.Notifier = &intake.Notifier{Name: person(r, oneOf(r, surnames)), Phone: demoPhone(r)}
		default:
			it.Notifier = g.notifier(k)
			it.Details.PoliceNotified = it.Notifier.Organisation != "Lounais-Suomen poliisilaitos" && r.Float64() < 0.05
		}
		g.identify(s, bornAged(r, d, 70, 95), 0.85, 0.2, 0.75)
		if r.Float64() < 0.4 {
			s.Address = fmt.Sprintf("Esimerkkitie %d", 1+r.IntN(60))
		}
	}
	return it
}

// Outcome mixes by kind: most help requests and calls end in guidance, most
// child welfare notifications in an assessment.
var outcomeMix = map[intake.Kind][]weighted{
	intake.KindHelpRequest:       {{string(intake.StatusGuidanceGiven), 50}, {string(intake.StatusForwarded), 20}, {string(intake.StatusAssessmentStarted), 20}, {string(intake.StatusNoAction), 10}},
	intake.KindPhone:             {{string(intake.StatusGuidanceGiven), 60}, {string(intake.StatusForwarded), 20}, {string(intake.StatusAssessmentStarted), 12}, {string(intake.StatusNoAction), 8}},
	intake.KindSHL35Consent:      {{string(intake.StatusAssessmentStarted), 40}, {string(intake.StatusGuidanceGiven), 40}, {string(intake.StatusForwarded), 15}, {string(intake.StatusNoAction), 5}},
	intake.KindSHL35NoConsent:    {{string(intake.StatusAssessmentStarted), 35}, {string(intake.StatusNoAction), 30}, {string(intake.StatusForwarded), 20}, {string(intake.StatusGuidanceGiven), 15}},
	intake.KindChildWelfare:      {{string(intake.StatusAssessmentStarted), 55}, {string(intake.StatusNoAction), 25}, {string(intake.StatusForwarded), 10}, {string(intake.StatusGuidanceGiven), 10}},
	intake.KindChildWelfareJoint: {{string(intake.StatusAssessmentStarted), 60}, {string(intake.StatusGuidanceGiven), 25}, {string(intake.StatusForwarded), 15}},
	intake.KindAnticipatory:      {{string(intake.StatusGuidanceGiven), 40}, {string(intake.StatusForwarded), 30}, {string(intake.StatusAssessmentStarted), 30}},
	intake.KindElderly:           {{string(intake.StatusAssessmentStarted), 60}, {string(intake.StatusForwarded), 30}, {string(intake.StatusGuidanceGiven), 10}},
}

// urgentShare is the share of a kind's items assessed urgent.
var urgentShare = map[intake.Kind]float64{intake.KindElderly: 0.15, intake.KindChildWelfare: 0.1, intake.KindSHL35NoConsent: 0.08}

// Arkipäivät from the opening to the decision: within the statutory 7
// mostly early, and for matters without a day count a longer tail.
var (
	statutoryDays = []weighted{{"0", 8}, {"1", 14}, {"2", 16}, {"3", 16}, {"4", 14}, {"5", 12}, {"6", 10}, {"7", 10}}
	otherDays     = []weighted{{"0", 10}, {"1", 14}, {"2", 14}, {"3", 12}, {"4", 10}, {"5", 8}, {"6", 7}, {"7", 6},
		{"8", 5}, {"10", 5}, {"12", 4}, {"15", 3}, {"20", 2}}
)

// onArkipaiva is the instant at a random time in office hours on the nth
// arkipäivä after d (d itself for 0).
func onArkipaiva(r *rand.Rand, d calendar.Date, n int) time.Time {
	if n > 0 {
		d = calendar.NthArkipaivaAfter(d, n)
	}
	return clock(r, d, 8, 16)
}

// history plans what happens to the arrived item it: the urgency assessment
// within hours of office time, the assignment, the work and the decision
// within days, and for a child's assessment its completion within months.
// recorder took the call, if it was one; staff is the item's team.
func (g *intakeYear) history(it *intake.Item, recorder string, staff teamTriage) []demoStep {
	r := g.r
	var steps []demoStep
	last := it.RecordedAt
	add := func(at time.Time, by string, do func(*intake.Item, string, time.Time) (intake.Event, error)) {
		if !at.After(last) {
			at = last.Add(between(r, time.Minute, 10*time.Minute))
		}
		steps, last = append(steps, demoStep{at.Sub(it.OpenedAt), by, do}), at
	}
	assessor := cmp.Or(recorder, staff.anyone(r))
	outcome := intake.Status(pick(r, outcomeMix[it.Kind]))
	forward := oneOf(r, forwardTo[it.TargetGroup])
	switch {
	case r.Float64() < cmp.Or(urgentShare[it.Kind], 0.04):
		// Urgent: handed to the emergency service or an assessment started at once.
		add(intake.AddOfficeTime(last, between(r, 5*time.Minute, 40*time.Minute)), assessor,
			assess(intake.UrgencyUrgent, oneOf(r, urgentReasons)))
		outcome, detail := intake.StatusAssessmentStarted, ""
		if r.Float64() < 0.6 {
			outcome, detail = intake.StatusForwarded, "Sosiaalipäivystys"
		}
		add(intake.AddOfficeTime(last, between(r, 15*time.Minute, 2*time.Hour)), assessor, closeWith(outcome, detail))
		g.complete(it, outcome, last, staff.worker(r), add)
		return steps
	case it.Kind == intake.KindPhone:
		add(last.Add(between(r, 0, 10*time.Minute)), assessor, assess(intake.UrgencyNotUrgent, oneOf(r, notUrgentReasons)))
		if r.Float64() < 0.55 {
			// Settled on the call: guidance, or the number of another service.
			outcome, detail := intake.StatusGuidanceGiven, ""
			if r.Float64() < 0.3 {
				outcome, detail = intake.StatusForwarded, forward
			}
			add(last.Add(between(r, 2*time.Minute, 15*time.Minute)), assessor, closeWith(outcome, detail))
			return steps
		}
	default:
		// Mostly within two office hours; some wait a day or two.
		wait := between(r, 10*time.Minute, 2*time.Hour)
		switch x := r.Float64(); {
		case x < 0.06:
			wait = between(r, 8*time.Hour, 16*time.Hour)
		case x < 0.2:
			wait = between(r, 2*time.Hour, 6*time.Hour)
		}
		at := intake.AddOfficeTime(last, wait)
		// What would wait for the next day is often assessed on the day:
		// before leaving the office, or out of office hours by the social
		// services on call, for a notification on a child or an older person.
		day := calendar.DateOf(last)
		inOffice := calendar.IsArkipaiva(day) && !last.Before(day.Time(8, 0, 0)) && last.Before(day.Time(16, 0, 0))
		onCall := it.Kind == intake.KindChildWelfare || it.Kind == intake.KindElderly
		if at.After(*it.Deadlines.UrgencyAssessmentDue) {
			switch x := r.Float64(); {
			case inOffice && x < 0.7:
				at = last.Add(between(r, 5*time.Minute, 45*time.Minute))
			case !inOffice && onCall && x < 0.5:
				at = last.Add(between(r, 20*time.Minute, 2*time.Hour))
			}
		}
		add(at, assessor, assess(intake.UrgencyNotUrgent, oneOf(r, notUrgentReasons)))
	}
	statutory := it.Deadlines.DecisionDue != nil || it.Deadlines.AssessmentStartDue != nil
	// A matter with a deadline, an assessment or a hand-over is assigned to
	// a worker; a simpler one the assessor often settles without.
	worker := assessor
	if statutory || outcome == intake.StatusAssessmentStarted || outcome == intake.StatusForwarded || r.Float64() < 0.5 {
		worker = staff.worker(r)
		add(intake.AddOfficeTime(last, between(r, 5*time.Minute, 90*time.Minute)), staff.lead(r), assign(worker, g.ids))
		if g.forgotten.next() {
			return steps
		}
		if r.Float64() < 0.4 {
			add(intake.AddOfficeTime(last, between(r, time.Hour, 12*time.Hour)), worker, start)
		}
	}
	days := otherDays
	if statutory {
		days = statutoryDays
	}
	n, _ := strconv.Atoi(pick(r, days))
	late := false
	switch {
	case it.Deadlines.DecisionDue != nil:
		late = g.lateDecision.next()
	case it.Deadlines.AssessmentStartDue != nil:
		late = g.lateStart.next()
	}
	if late {
		n = 8 + r.IntN(6)
	}
	decided := onArkipaiva(r, calendar.DateOf(it.OpenedAt), n)
	if decided.Before(last) {
		decided = intake.AddOfficeTime(last, between(r, 30*time.Minute, 2*time.Hour))
	}
	if at := intake.AddOfficeTime(last, between(r, 10*time.Minute, time.Hour)); at.Before(decided) && r.Float64() < 0.2 {
		add(at, worker, note(oneOf(r, demoIntakeNotes)))
	}
	detail := ""
	switch outcome {
	case intake.StatusForwarded:
		detail = forward
	case intake.StatusNoAction:
		detail = oneOf(r, noActionReasons)
	}
	add(decided, worker, closeWith(outcome, detail))
	g.complete(it, outcome, last, worker, add)
	return steps
}

// complete plans the completion of a child's service-need assessment
// started at decided: within the 3 months mostly, a share late.
func (g *intakeYear) complete(it *intake.Item, outcome intake.Status, decided time.Time, by string,
	add func(time.Time, string, func(*intake.Item, string, time.Time) (intake.Event, error))) {
	if outcome != intake.StatusAssessmentStarted || it.Deadlines.AssessmentDue == nil {
		return
	}
	r := g.r
	due := calendar.DateOf(*it.Deadlines.AssessmentDue)
	from := calendar.DateOf(decided)
	if g.lateAssessed.next() {
		add(onArkipaiva(r, due, 2+r.IntN(15)), by, completeAssessment)
		return
	}
	// Some time in the last two thirds of the period left, on an arkipäivä
	// (the due date is one, so this never passes it).
	span := calendar.ArkipaivatBetween(from, due)
	add(onArkipaiva(r, from, max(1, span/3+r.IntN(max(1, span-span/3)))), by, completeAssessment)
}

func completeAssessment(it *intake.Item, by string, at time.Time) (intake.Event, error) {
	return it.CompleteAssessment(by, at)
}
