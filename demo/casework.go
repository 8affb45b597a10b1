package demo

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"kynnys/access"
	"kynnys/calendar"
	"kynnys/casework"
	"kynnys/hetu"
	"kynnys/intake"
)

// A year of holding-on case work (seed 002) in the Keski-Pohjanmaa team,
// and a few cases in Salo-Somero so that reports outside one's own team
// show suppressed cells: 40 clients on the trust ladder with their slips
// back, meetings and outreach, follow-ups after no-shows (never a closure),
// client plans, self-assessments, consents and referrals. Everything goes
// through the store's methods and the casework rules, dated as it would
// have been recorded, so the data obeys the same rules as the real thing.
// Every person is invented: identity codes only with the temporary
// individual numbers 900–999, phone numbers in the 040 000 range, example
// addresses.

const (
	// caseworkSeed makes the demo the same every time for the same day.
	caseworkSeed = 2029
	// CaseworkTeam is the demo team of seed 002 (Soite, Central Ostrobothnia).
	CaseworkTeam = 5
	// caseworkOtherTeam has a few cases of its own.
	caseworkOtherTeam = 3
	// CaseworkCap is the demo team's caseload cap: small, as the seed asks,
	// and one worker is over it with a team lead's override.
	CaseworkCap = 12
	// caseworkWriters is how many cases' histories are stored at once (see
	// intakeWriters).
	caseworkWriters = 8
	// notReachedDays is the county's "not reached for N days" setting.
	notReachedDays = 14
)

// The demo users of the case-work team, by email.
const (
	caseworkLead    = "soite.esihenkilo@demo.kynnys.fi"
	caseworkJari    = "soite.ohjaaja@demo.kynnys.fi"
	caseworkMinna   = "soite.ohjaaja2@demo.kynnys.fi"
	caseworkSatu    = "soite.sosiaalityontekija@demo.kynnys.fi"
	caseworkVille   = "soite.sosiaalityontekija2@demo.kynnys.fi"
	caseworkOtherSW = demoWorker // Sanna, of Salo-Somero
)

// caseworkStore is what seeding case work needs.
type caseworkStore interface {
	Users(ctx context.Context) ([]access.User, error)
	IntakeQueue(ctx context.Context, f intake.QueueFilter) ([]intake.Item, error)
	Ladder(ctx context.Context) (*casework.Ladder, error)
	SaveCaseworkSettings(ctx context.Context, st casework.Settings) error
	SetTeamCap(ctx context.Context, teamID string, limit int, by string) error
	CreateClient(ctx context.Context, c *casework.Client) error
	OpenCase(ctx context.Context, c *casework.Case, events []casework.Event, limit int) error
	caseworkWriter
}

// caseworkWriter is what storing a case's history needs.
type caseworkWriter interface {
	UpdateCase(ctx context.Context, c *casework.Case, events []casework.Event, limit int) error
	AddCaseEvent(ctx context.Context, ev *casework.Event) error
	AddLadderStep(ctx context.Context, c *casework.Case, step *casework.LadderStep) error
	SaveMeeting(ctx context.Context, m *casework.Meeting) error
	RecordNoShow(ctx context.Context, m *casework.Meeting, t *casework.Task) error
	CompleteTask(ctx context.Context, t *casework.Task) error
	SavePlan(ctx context.Context, p *casework.Plan) error
	AddAssessment(ctx context.Context, a *casework.Assessment) error
	AddConsent(ctx context.Context, c *casework.Consent) error
	WithdrawConsent(ctx context.Context, id, by string, at time.Time) error
	AddReferral(ctx context.Context, r *casework.Referral) error
}

// seedCasework sets the county's case-work settings and the demo team's
// cap, then stores the clients and opens their cases in the order they
// opened (so the cap is checked as it was then), then the year of each
// case, several cases at a time.
func seedCasework(ctx context.Context, st caseworkStore, teams []access.Team, now time.Time) error {
	users, err := st.Users(ctx)
	if err != nil {
		return err
	}
	byEmail := map[string]access.User{}
	for _, u := range users {
		byEmail[u.Email] = u
	}
	lead, ok := byEmail[caseworkLead]
	if !ok {
		return fmt.Errorf("demo case work: no user %s", caseworkLead)
	}
	if err := st.SaveCaseworkSettings(ctx, casework.Settings{NotReachedDays: notReachedDays,
		DefaultCap: casework.DefaultSettings.DefaultCap}); err != nil {
		return fmt.Errorf("demo case work settings: %w", err)
	}
	if err := st.SetTeamCap(ctx, teams[CaseworkTeam].ID, CaseworkCap, lead.ID); err != nil {
		return fmt.Errorf("demo caseload cap: %w", err)
	}
	ladder, err := st.Ladder(ctx)
	if err != nil {
		return err
	}
	// Intake items about people known by name and birth date start some
	// cases; identity codes intake already uses are kept for their people.
	var items []intake.Item
	for _, t := range teams {
		mine, err := st.IntakeQueue(ctx, intake.QueueFilter{TeamIDs: []string{t.ID}})
		if err != nil {
			return fmt.Errorf("demo case work: intake: %w", err)
		}
		items = append(items, mine...)
	}
	scripts, err := generateCasework(teams, users, items, now)
	if err != nil {
		return err
	}
	for i := range scripts {
		if err := scripts[i].open(ctx, st); err != nil {
			return fmt.Errorf("demo case %d: %w", i, err)
		}
	}
	return storeCasework(ctx, st, ladder, scripts)
}

// storeCasework stores the histories of the opened cases, several at a time.
func storeCasework(ctx context.Context, st caseworkWriter, ladder *casework.Ladder, scripts []*caseScript) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range caseworkWriters {
		wg.Go(func() {
			for i := range next {
				if err := scripts[i].run(ctx, st, ladder); err != nil {
					cancel(fmt.Errorf("demo case %d: %w", i, err))
				}
			}
		})
	}
feed:
	for i := range scripts {
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

// caseScript is a made-up client and what happened in their case.
type caseScript struct {
	client casework.Client
	kase   casework.Case
	events []casework.Event
	limit  int // the cap checked on opening; -1 with the override
	ops    []caseOp
}

// caseOp is one thing recorded in a case at a moment.
type caseOp struct {
	at time.Time
	do func(ctx context.Context, run *caseRun) error
}

// caseRun is a case while its history is being stored.
type caseRun struct {
	st         caseworkWriter
	ladder     *casework.Ladder
	client     *casework.Client
	c          *casework.Case
	plan       *casework.Plan
	assessment *casework.Assessment
	consents   map[string]*casework.Consent // by the key the script gave
}

// open stores the client and opens the case.
func (s *caseScript) open(ctx context.Context, st caseworkStore) error {
	if err := s.client.Validate(calendar.DateOf(s.client.CreatedAt)); err != nil {
		return err
	}
	if err := st.CreateClient(ctx, &s.client); err != nil {
		return err
	}
	s.kase.ClientID = s.client.ID
	if err := s.kase.Validate(); err != nil {
		return err
	}
	return st.OpenCase(ctx, &s.kase, s.events, s.limit)
}

// run stores the case's history in the order it happened.
func (s *caseScript) run(ctx context.Context, st caseworkWriter, ladder *casework.Ladder) error {
	slices.SortStableFunc(s.ops, func(a, b caseOp) int { return a.at.Compare(b.at) })
	c := s.kase
	run := &caseRun{st: st, ladder: ladder, client: &s.client, c: &c, consents: map[string]*casework.Consent{}}
	for _, op := range s.ops {
		if err := op.do(ctx, run); err != nil {
			return fmt.Errorf("%s: %w", op.at.Format(time.DateTime), err)
		}
	}
	return nil
}

// --- the clients ---

// profile is a kind of situation long-term unemployed clients are in: the
// support-need areas that concern them, how the worker describes them, the
// goals clients put in their own words, and the partners involved.
type profile struct {
	areas     []casework.Area
	situation map[casework.Area][]string
	goals     []goalTemplate
	goalsSV   []goalTemplate // for Swedish-speaking clients; nil: the Finnish ones
	partners  []casework.Partner
	minAge    int
	maxAge    int
	homeless  float64 // the share without an address
}

// goalTemplate is a goal and its actions; an action's who is "client",
// "worker", "both" or a partner's name.
type goalTemplate struct {
	text    string
	actions [][2]string // what, who
}

// demoClient is one of the invented clients.
type demoClient struct {
	name    string
	female  bool
	langs   []string
	muni    string
	profile *profile
	noHetu  bool
}

var (
	profileDebt = &profile{
		areas: []casework.Area{casework.AreaFinances, casework.AreaDailyLiving, casework.AreaInclusion, casework.AreaFunctioning},
		situation: map[casework.Area][]string{
			casework.AreaFinances: {"Useita velkoja ulosotossa; tulot työmarkkinatuki ja asumistuki. Laskuja jää avaamatta.",
				"Pikavippejä kertynyt, vuokra kaksi kuukautta rästissä. Luottotiedot menneet."},
			casework.AreaDailyLiving: {"Arki rytmitöntä, nukkuu päivisin. Asiointi jää hoitamatta.",
				"Ruokaa ostetaan kuun alussa, loppukuusta syö ruoka-avussa."},
			casework.AreaInclusion: {"Ollut työttömänä yli kolme vuotta; vähän ihmissuhteita tukiverkon ulkopuolella.",
				"Häpeää velkojaan eikä halua tavata tuttuja."},
			casework.AreaFunctioning: {"Keskittyminen vaikeaa, papereiden kanssa ahdistuu.",
				"Unohtaa sovitut asiat, kalenteri ei ole käytössä."},
		},
		goals: []goalTemplate{
			{"Haluan saada velat järjestykseen.", [][2]string{{"Varataan aika talous- ja velkaneuvontaan", "worker"},
				{"Kerätään ulosottopäätökset ja laskut yhteen kansioon", "client"},
				{"Selvitetään velkajärjestelyn edellytykset", "Talous- ja velkaneuvonta"}}},
			{"Haluan avata postit joka viikko enkä pelätä niitä.", [][2]string{{"Avataan postit yhdessä tapaamisilla", "both"},
				{"Tilataan laskut sähköisesti", "client"}}},
			{"Haluan päästä kuntouttavaan työtoimintaan.", [][2]string{{"Selvitetään sopivat työtoimintapaikat", "worker"},
				{"Käydään tutustumassa työtoimintapaikkaan", "client"}, {"Tehdään aktivointisuunnitelma", "Työllisyyspalvelut"}}},
			{"Haluan, että rahat riittävät koko kuukaudeksi.", [][2]string{{"Tehdään yhdessä kuukausibudjetti", "both"},
				{"Haetaan toimeentulotukea Kelasta", "client"}}},
		},
		goalsSV: []goalTemplate{
			{"Jag vill få ordning på mina skulder.", [][2]string{{"Vi bokar en tid hos ekonomi- och skuldrådgivningen", "worker"},
				{"Jag samlar utsökningsbesluten och räkningarna i en pärm", "client"}}},
			{"Jag vill att pengarna räcker hela månaden.", [][2]string{{"Vi gör en månadsbudget tillsammans", "both"},
				{"Ansöka om utkomststöd hos FPA", "client"}}},
			{"Jag vill komma med i arbetsverksamhet.", [][2]string{{"Ta reda på platser för arbetsverksamhet", "worker"},
				{"Besöka en arbetsplats", "client"}}},
		},
		partners: []casework.Partner{casework.PartnerDebtEnforcement, casework.PartnerKela, casework.PartnerEmployment},
		minAge:   30, maxAge: 58,
	}
	profileSubstance = &profile{
		areas: []casework.Area{casework.AreaSubstanceHealth, casework.AreaDailyLiving, casework.AreaHousing, casework.AreaInclusion},
		situation: map[casework.Area][]string{
			casework.AreaSubstanceHealth: {"Runsasta alkoholin käyttöä, erityisesti tukien maksupäivien jälkeen. Ei hoitokontaktia.",
				"Alkoholin ja kannabiksen käyttöä; katkaisuhoito jäi aiemmin kesken."},
			casework.AreaDailyLiving: {"Ruokailu epäsäännöllistä ja päivärytmi kadonnut.",
				"Kotona ei ole juuri ruokaa; pyykit ja tiskit kasautuvat."},
			casework.AreaHousing: {"Vuokra-asunto, vuokraa rästissä; naapureilta häiriöilmoituksia.",
				"Asuu yksin vuokra-asunnossa, jonka kunto on heikentynyt."},
			casework.AreaInclusion: {"Ystäväpiiri on sama, jonka kanssa käytetään päihteitä.",
				"Työhistoria rakennusalalla, viimeisin työ vuosia sitten."},
		},
		goals: []goalTemplate{
			{"Haluan vähentää juomista niin, että jaksan hoitaa asiani.", [][2]string{{"Varataan aika A-klinikalle", "worker"},
				{"Pidetään juomapäiväkirjaa kahden viikon ajan", "client"}}},
			{"En halua menettää asuntoa.", [][2]string{{"Tehdään maksusuunnitelma vuokrarästeistä", "both"},
				{"Neuvotellaan vuokranantajan kanssa", "worker"}}},
			{"Haluan, että päivissä olisi jotain tekemistä.", [][2]string{{"Kokeillaan päivätoimintaa kerran viikossa", "client"},
				{"Selvitetään kuntouttavan työtoiminnan paikat", "worker"}}},
		},
		goalsSV: []goalTemplate{
			{"Jag vill dricka mindre så att jag orkar sköta mina ärenden.", [][2]string{{"Vi bokar en tid på A-kliniken", "worker"},
				{"Jag för dagbok över drickandet i två veckor", "client"}}},
			{"Jag vill inte förlora min bostad.", [][2]string{{"Vi gör en betalningsplan för hyresskulden", "both"}}},
		},
		partners: []casework.Partner{casework.PartnerHealthCare, casework.PartnerKela, casework.PartnerNGO},
		minAge:   28, maxAge: 60, homeless: 0.2,
	}
	profileMental = &profile{
		areas: []casework.Area{casework.AreaSubstanceHealth, casework.AreaInclusion, casework.AreaDailyLiving, casework.AreaFunctioning},
		situation: map[casework.Area][]string{
			casework.AreaSubstanceHealth: {"Masennusoireita; hoitosuhde katkesi vuosi sitten eikä lääkitys ole käytössä.",
				"Paniikkioireita, jotka estävät liikkumasta bussilla."},
			casework.AreaInclusion: {"Ei juuri poistu kotoa; yhteys vain äitiin.",
				"Yksinäinen; kertoo, ettei kukaan soita hänelle."},
			casework.AreaDailyLiving: {"Nukkuu päivät, valvoo yöt. Kaupassa käy yöllä.",
				"Arjen asiat hoituvat hyvinä päivinä, huonoina ei mikään."},
			casework.AreaFunctioning: {"Asiointi ja puhelimessa puhuminen jännittävät.",
				"Keskittymiskyky heikko, lukeminen väsyttää."},
		},
		goals: []goalTemplate{
			{"Haluan uskaltaa lähteä kotoa useammin.", [][2]string{{"Käydään yhdessä kävelyllä tai kahvilla", "both"},
				{"Tutustutaan kohtaamispaikan ryhmään", "client"}}},
			{"Haluan saada masennukseen hoitoa.", [][2]string{{"Varataan aika terveysasemalle", "worker"},
				{"Menen vastaanotolle, työntekijä tulee mukaan", "client"}}},
			{"Haluan, että päivillä on rytmi.", [][2]string{{"Sovitaan kiinteä herätysaika arkiaamuille", "client"},
				{"Soitan aamuisin kahden viikon ajan", "worker"}}},
		},
		goalsSV: []goalTemplate{
			{"Jag vill våga gå ut oftare.", [][2]string{{"Vi tar en promenad eller en kaffe tillsammans", "both"},
				{"Jag besöker mötesplatsens grupp", "client"}}},
			{"Jag vill få vård för min depression.", [][2]string{{"Vi bokar en tid på hälsocentralen", "worker"}}},
		},
		partners: []casework.Partner{casework.PartnerHealthCare, casework.PartnerKela, casework.PartnerNGO},
		minAge:   22, maxAge: 50,
	}
	profileHousing = &profile{
		areas: []casework.Area{casework.AreaHousing, casework.AreaFinances, casework.AreaDailyLiving, casework.AreaSubstanceHealth},
		situation: map[casework.Area][]string{
			casework.AreaHousing: {"Asunnoton; asuu vuorotellen tuttavien luona. Posti kulkee sosiaalitoimiston kautta.",
				"Häätö vireillä vuokrarästien vuoksi."},
			casework.AreaFinances: {"Toimeentulotuki ja työmarkkinatuki; luottotiedot menneet, mikä estää vuokra-asunnon saamisen.",
				"Vuokravakuus puuttuu, säästöjä ei ole."},
			casework.AreaDailyLiving: {"Tavarat varastossa ja kavereilla; pesulla käy uimahallissa.",
				"Ruokailu satunnaista, ateriat ruoka-avusta."},
			casework.AreaSubstanceHealth: {"Uniongelmia ja selkäkipuja; ei omaa lääkäriä.",
				"Alkoholin käyttö lisääntynyt asunnottomuuden aikana."},
		},
		goals: []goalTemplate{
			{"Haluan oman asunnon, jossa saan olla rauhassa.", [][2]string{{"Tehdään asuntohakemus kaupungin vuokrataloyhtiölle", "both"},
				{"Selvitetään tukiasumisen mahdollisuus", "worker"}}},
			{"Haluan saada vuokravakuuden hoidettua.", [][2]string{{"Haetaan Kelasta perustoimeentulotukea vuokravakuuteen", "client"},
				{"Liitetään hakemukseen vuokrasopimusluonnos", "both"}}},
			{"Haluan, että minulla on paikka, jonne posti tulee.", [][2]string{{"Tehdään osoitteenmuutos", "client"}}},
		},
		partners: []casework.Partner{casework.PartnerKela, casework.PartnerNGO, casework.PartnerHealthCare},
		minAge:   25, maxAge: 55, homeless: 0.6,
	}
	profileOlder = &profile{
		areas: []casework.Area{casework.AreaSubstanceHealth, casework.AreaFinances, casework.AreaInclusion, casework.AreaFunctioning},
		situation: map[casework.Area][]string{
			casework.AreaSubstanceHealth: {"Selkävaivat ja verenpainetauti; työkykyä ei ole arvioitu.",
				"Diabetes ja polvivaivat; lääkärissä viimeksi kolme vuotta sitten."},
			casework.AreaFinances: {"Työmarkkinatuki; eläkkeen mahdollisuutta ei ole selvitetty.",
				"Tulot riittävät niukasti; lääkkeisiin ei aina ole rahaa."},
			casework.AreaInclusion: {"Työttömänä vuodesta 2015; kokee, ettei kukaan enää palkkaa.",
				"Ainoa säännöllinen kontakti on naapuri."},
			casework.AreaFunctioning: {"Jaksaa kävellä vain lyhyitä matkoja.",
				"Tietokoneen käyttö ei onnistu, sähköinen asiointi jää tekemättä."},
		},
		goals: []goalTemplate{
			{"Haluan tietää, pystynkö vielä töihin vai pitäisikö hakea eläkettä.", [][2]string{{"Varataan työkyvyn arviointi", "worker"},
				{"Kerätään aiemmat lääkärinlausunnot", "client"}, {"Selvitetään eläkkeen edellytykset", "Kela"}}},
			{"Haluan olla hyödyksi, vaikka en olisi palkkatöissä.", [][2]string{{"Tutustutaan vapaaehtoistoimintaan", "client"}}},
			{"Haluan hoitaa terveyteni kuntoon.", [][2]string{{"Varataan aika terveysasemalle", "both"},
				{"Haetaan lääkekuluihin maksusitoumus", "worker"}}},
		},
		partners: []casework.Partner{casework.PartnerKela, casework.PartnerEmployment, casework.PartnerHealthCare},
		minAge:   55, maxAge: 63,
	}
	profileYoung = &profile{
		areas: []casework.Area{casework.AreaInclusion, casework.AreaDailyLiving, casework.AreaFunctioning, casework.AreaFinances},
		situation: map[casework.Area][]string{
			casework.AreaInclusion: {"Ammattikoulu keskeytyi; asuu vanhempien luona ja pelaa öisin.",
				"Ei opiskelu- eikä työpaikkaa kolmeen vuoteen; kaverit muuttaneet muualle."},
			casework.AreaDailyLiving: {"Vuorokausirytmi kääntynyt, ei asioi itse.",
				"Muutti omaan asuntoon, mutta laskujen maksu ja ruoanlaitto eivät suju."},
			casework.AreaFunctioning: {"Sosiaalisissa tilanteissa jännittää; puhelimeen ei vastaa tuntemattomista numeroista.",
				"Epäilty oppimisvaikeus, ei koskaan tutkittu."},
			casework.AreaFinances: {"Työmarkkinatuki karenssilla, koska työnhaku jäi voimaan saattamatta.",
				"Puhelinlaskuja rästissä."},
		},
		goals: []goalTemplate{
			{"Haluan saada ammatin.", [][2]string{{"Tutustutaan ammattiopiston jatkuvaan hakuun", "both"},
				{"Selvitetään oppisopimuksen mahdollisuus", "Työllisyyspalvelut"}}},
			{"Haluan muuttaa omaan kotiin.", [][2]string{{"Opetellaan laskujen maksu ja kaupassa käynti", "client"},
				{"Haetaan asuntoa nuorisoasunnoista", "both"}}},
			{"Haluan saada ajokortin.", [][2]string{{"Selvitetään, voiko ajokorttiin saada tukea", "worker"}}},
			{"Haluan, että minulla on kavereita, joiden kanssa tehdä jotain.", [][2]string{{"Käydään nuorten ryhmässä", "client"}}},
		},
		goalsSV: []goalTemplate{
			{"Jag vill få ett yrke.", [][2]string{{"Vi tar reda på den kontinuerliga ansökan till yrkesinstitutet", "both"},
				{"Vi utreder möjligheten till läroavtal", "Sysselsättningstjänsterna"}}},
			{"Jag vill flytta hemifrån.", [][2]string{{"Jag lär mig betala räkningar och handla", "client"}}},
		},
		partners: []casework.Partner{casework.PartnerEmployment, casework.PartnerKela, casework.PartnerNGO},
		minAge:   19, maxAge: 29,
	}
	profileImmigrant = &profile{
		areas: []casework.Area{casework.AreaInclusion, casework.AreaFinances, casework.AreaDailyLiving, casework.AreaFunctioning},
		situation: map[casework.Area][]string{
			casework.AreaInclusion: {"Asunut Suomessa kuusi vuotta; suomen kieli alkeistasolla ja kotoutumissuunnitelma päättynyt.",
				"Koulutus kotimaassa, mutta tutkintoa ei ole tunnustettu."},
			casework.AreaFinances: {"Työmarkkinatuki; Kelan päätöksiä on vaikea ymmärtää ja takaisinperintä vireillä.",
				"Lähettää rahaa sukulaisille, oma toimeentulo tiukoilla."},
			casework.AreaDailyLiving: {"Sähköinen asiointi ei onnistu ilman apua.",
				"Asuu ahtaasti, arki pyörii lasten koulun ympärillä."},
			casework.AreaFunctioning: {"Univaikeuksia; kertoo huolista sukulaisten puolesta.",
				"Tulkin kanssa asiointi sujuu, ilman ei."},
		},
		goals: []goalTemplate{
			{"Haluan oppia suomea niin, että pärjään töissä.", [][2]string{{"Haetaan suomen kielen kurssille", "both"},
				{"Selvitetään kurssin vaikutus työmarkkinatukeen", "Työllisyyspalvelut"}}},
			{"Haluan osata hoitaa Kelan asiat itse.", [][2]string{{"Opetellaan OmaKelan käyttö yhdessä", "both"},
				{"Tilataan tulkki Kelan tapaamiseen", "worker"}}},
			{"Haluan tehdä työtä, joka vastaa koulutustani.", [][2]string{{"Selvitetään tutkinnon tunnustaminen", "worker"},
				{"Kirjoitetaan ansioluettelo suomeksi", "client"}}},
		},
		partners: []casework.Partner{casework.PartnerKela, casework.PartnerEmployment, casework.PartnerNGO},
		minAge:   25, maxAge: 55,
	}
)

// demoClients are the invented clients in the order their cases opened
// (but for those that open from intake items): the first 35 in the
// Keski-Pohjanmaa team, the last 5 in Salo-Somero.
var demoClients = []demoClient{
	{"Mikko Hautala", false, []string{"fi"}, "Kokkola", profileDebt, false},
	{"Janne Pulkkinen", false, []string{"fi"}, "Kokkola", profileYoung, false},
	{"Jukka Rahkola", false, []string{"fi"}, "Kannus", profileSubstance, false},
	{"Sari Niemelä", true, []string{"fi"}, "Kokkola", profileMental, false},
	{"Tiina Kangas", true, []string{"fi"}, "Kokkola", profileHousing, false},
	{"Ahmed Hassan", false, []string{"ar", "fi"}, "Kokkola", profileImmigrant, false},
	{"Johan Sandvik", false, []string{"sv", "fi"}, "Kokkola", profileDebt, false},
	{"Timo Isokangas", false, []string{"fi"}, "Toholampi", profileSubstance, false},
	{"Heli Rautio", true, []string{"fi"}, "Veteli", profileMental, false},
	{"Marko Peltoniemi", false, []string{"fi"}, "Kokkola", profileHousing, false},
	{"Olena Kovalenko", true, []string{"uk", "ru", "en"}, "Kokkola", profileImmigrant, false},
	{"Anna-Lena Björkqvist", true, []string{"sv", "fi"}, "Kokkola", profileMental, false},
	{"Petri Kentala", false, []string{"fi"}, "Kaustinen", profileOlder, false},
	{"Anu Salmela", true, []string{"fi"}, "Kokkola", profileDebt, false},
	{"Jarmo Hietala", false, []string{"fi"}, "Perho", profileOlder, false},
	{"Niko Ojala", false, []string{"fi"}, "Kokkola", profileYoung, true},
	{"Mikael Storbacka", false, []string{"sv"}, "Kokkola", profileSubstance, false},
	{"Katja Saari", true, []string{"fi"}, "Kokkola", profileDebt, false},
	{"Abdirahman Warsame", false, []string{"so", "fi", "en"}, "Kokkola", profileImmigrant, false},
	{"Antti Kivelä", false, []string{"fi"}, "Kokkola", profileSubstance, false},
	{"Eija Lassila", true, []string{"fi"}, "Kannus", profileMental, false},
	{"Ari Korpela", false, []string{"fi"}, "Halsua", profileOlder, false},
	{"Jenni Tastula", true, []string{"fi"}, "Kokkola", profileYoung, false},
	{"Harri Märsylä", false, []string{"fi"}, "Lestijärvi", profileSubstance, false},
	{"Riikka Ylikangas", true, []string{"fi"}, "Kokkola", profileHousing, false},
	{"Sami Viitala", false, []string{"fi"}, "Kokkola", profileDebt, false},
	{"Reza Ahmadi", false, []string{"fa", "en"}, "Kannus", profileImmigrant, true},
	{"Camilla Forsman", true, []string{"sv", "fi"}, "Kokkola", profileYoung, false},
	{"Teemu Hakala", false, []string{"fi"}, "Kaustinen", profileYoung, false},
	{"Pirjo Keskitalo", true, []string{"fi"}, "Kokkola", profileOlder, false},
	{"Thi Lan Nguyen", true, []string{"vi", "fi"}, "Kokkola", profileImmigrant, false},
	{"Joni Haapala", false, []string{"fi"}, "Kokkola", profileMental, true},
	{"Susanna Känsälä", true, []string{"fi"}, "Toholampi", profileDebt, false},
	{"Kimmo Tikkanen", false, []string{"fi"}, "Kokkola", profileSubstance, false},
	{"Daniel Kuusisto", false, []string{"fi"}, "Kokkola", profileHousing, true},
	{"Tero Lindholm", false, []string{"fi"}, "Salo", profileDebt, false},
	{"Merja Aaltonen", true, []string{"fi"}, "Salo", profileMental, false},
	{"Kalle Heinonen", false, []string{"fi"}, "Somero", profileSubstance, false},
	{"Outi Lehtinen", true, []string{"fi"}, "Salo", profileHousing, false},
	{"Vesa Mäkelä", false, []string{"fi"}, "Salo", profileOlder, false},
}

// What happened to particular cases, by their index in demoClients. The
// named workers of the team's 35 cases in opening order (J Jari, M Minna,
// S Satu) give Jari 13 (the 13th over the cap, with the override), Minna
// 12 and Satu 10.
const teamWorkers = "JMSJMSJMSJMSJMSJMSJMSJMSJMSJMSJMJJM"

var (
	overCapCase = 33
	// closedCases: when, how many days ago, and why. None for a no-show.
	closedCases = map[int]struct {
		daysAgo int
		reason  casework.CloseReason
		note    string
	}{
		1:  {45, casework.CloseToEmployment, "Asiakas aloitti oppisopimuskoulutuksen; sovittu, että hän voi ottaa yhteyttä tarvittaessa."},
		2:  {120, casework.CloseToServices, "Asiakas siirtyi päihdekuntoutuksen jälkeen tuettuun asumiseen; tiedot siirretty suostumuksella."},
		5:  {20, casework.CloseToEmployment, "Asiakas sai palkkatuetun työn varastosta. Sovittu yhteydenotosta kolmen kuukauden päästä."},
		10: {150, casework.CloseMovedAway, "Asiakas muutti Tampereelle sukulaisten luo; ohjattu ottamaan yhteyttä sikäläiseen sosiaalityöhön."},
		14: {70, casework.CloseToServices, "Työkyvyttömyyseläke myönnetty; asiakas siirtyi terveyspalvelujen ja järjestön vertaistuen piiriin."},
	}
	// pausedCases: how many days ago, and why (the status event's text).
	pausedCases = map[int]struct {
		daysAgo int
		why     string
	}{
		7:  {30, "Asiakas on kolmen kuukauden päihdekuntoutusjaksolla; jatketaan jakson jälkeen."},
		11: {12, "Asiakas on sairaalahoidossa; yhteys omaisen kautta."},
		36: {40, "Asiakas on kesän kausitöissä sukulaisen tilalla; jatketaan syksyllä."},
	}
	// driftCases have not been reached for weeks now: they show on the
	// workers' "not reached" lists. The last ones of each team are new
	// cases not reached at all yet.
	driftCases  = []int{9, 16, 21, 26, 34, 39}
	freshCases  = []int{34, 39}
	intakeCases = []int{13, 23}
	// The earliest case's first consent expires; the fourth case's consent
	// to an organisation is withdrawn.
	expiredConsentCase   = 0
	withdrawnConsentCase = 3
	// topCases climb to the top of the ladder and stay in the work.
	topCases = []int{0, 3}
)

// Municipalities' postal codes for the example addresses.
var postalCodes = map[string]string{
	"Kokkola": "67100", "Kannus": "69100", "Kaustinen": "69600", "Veteli": "69700", "Perho": "69950",
	"Toholampi": "69300", "Lestijärvi": "69440", "Halsua": "69510", "Salo": "24100", "Somero": "31400",
}

// exampleStreets are made-up street names.
var exampleStreets = []string{"Esimerkkikatu", "Mallitie", "Kuvitelmankuja", "Harjoituspolku", "Testitie", "Sepitelmänkatu"}

// --- generating the year ---

// caseYear generates the scripts.
type caseYear struct {
	r      *rand.Rand
	now    time.Time
	today  calendar.Date
	ids    map[string]string // email → user id
	first  map[string]string // email → first name
	hetus  map[string]bool
	phones map[int]bool
}

// caseFacts are what the script of one case follows.
type caseFacts struct {
	idx            int
	team           access.Team
	worker, second string // emails
	opener         string
	opened         time.Time
	origin         casework.Origin
	originRef      string
	start          int // the first stage
	final          int // the stage the case climbs towards
	planAt         int // the first plan is made on reaching this stage
	slips          []time.Time
	drift          time.Time // from then on the client is not reached; zero: never
	status         casework.Status
	endAt          time.Time // the pause or closing; zero when active
	closeReason    casework.CloseReason
	note           string // the closing note or the pause's reason
	override       string // the team lead's reason for assigning over the cap
	fresh          bool
	expiredConsent bool
	withdrawnNGO   bool
}

// generateCasework makes the demo's case scripts, sorted by opening, as at
// now. The same users, intake items and day give the same scripts.
func generateCasework(teams []access.Team, users []access.User, items []intake.Item, now time.Time) ([]*caseScript, error) {
	today := calendar.DateOf(now)
	g := &caseYear{r: rand.New(rand.NewPCG(caseworkSeed, uint64(today.Year)*1000+uint64(today.Month)*40+uint64(today.Day))),
		now: now, today: today, ids: map[string]string{}, first: map[string]string{}, hetus: map[string]bool{}, phones: map[int]bool{}}
	for _, u := range users {
		g.ids[u.Email] = u.ID
		g.first[u.Email], _, _ = strings.Cut(u.Name, " ")
	}
	for _, email := range []string{caseworkLead, caseworkJari, caseworkMinna, caseworkSatu, caseworkVille, caseworkOtherSW} {
		if g.ids[email] == "" {
			return nil, fmt.Errorf("demo case work: no user %s", email)
		}
	}
	// The people intake knows by identity code stay theirs.
	for _, it := range items {
		if it.Subject.Hetu != "" {
			g.hetus[it.Subject.Hetu] = true
		}
	}
	fromIntake := g.intakeOrigins(items, teams[CaseworkTeam].ID)
	var scripts []*caseScript
	for i, dc := range demoClients {
		f := g.facts(i, teams)
		cl := g.client(dc)
		if k := slices.Index(intakeCases, i); k >= 0 && k < len(fromIntake) {
			it := fromIntake[k]
			cl = g.clientFrom(it, dc)
			f.origin, f.originRef = casework.OriginIntake, it.ID
			f.opened = onArkipaiva(g.r, calendar.DateOf(*it.DecidedAt), 1+g.r.IntN(4))
			f.start = 2
		}
		scripts = append(scripts, g.script(cl, dc.profile, f))
	}
	slices.SortStableFunc(scripts, func(a, b *caseScript) int { return a.kase.OpenedAt.Compare(b.kase.OpenedAt) })
	return scripts, nil
}

// intakeOrigins picks the team's intake items that started a service-need
// assessment for a working-age person known by name and birth date, a few
// months ago or more: their cases open from them.
func (g *caseYear) intakeOrigins(items []intake.Item, teamID string) []intake.Item {
	var out []intake.Item
	for _, it := range items {
		s := it.Subject
		born := s.BirthDate
		if code, err := hetu.Parse(s.Hetu); err == nil {
			born = code.BirthDate
		}
		if it.TeamID != teamID || it.Status != intake.StatusAssessmentStarted || it.DecidedAt == nil ||
			it.TargetGroup != access.TargetWorkingAge || s.Name == "" || born.IsZero() {
			continue
		}
		if age := intake.AgeOn(born, g.today); age < 20 || age > 63 {
			continue
		}
		if ago := g.now.Sub(*it.DecidedAt); ago < 90*24*time.Hour || ago > 320*24*time.Hour {
			continue
		}
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b intake.Item) int { return cmp.Or(a.OpenedAt.Compare(b.OpenedAt), cmp.Compare(a.ID, b.ID)) })
	if len(out) > len(intakeCases) {
		// Spread over the year rather than the earliest few.
		step := len(out) / len(intakeCases)
		picked := make([]intake.Item, len(intakeCases))
		for k := range picked {
			picked[k] = out[k*step]
		}
		out = picked
	}
	return out
}

// facts decides what happens in case i.
func (g *caseYear) facts(i int, teams []access.Team) caseFacts {
	r := g.r
	f := caseFacts{idx: i, status: casework.StatusActive, origin: casework.OriginDirect}
	var daysAgo int
	if i < len(teamWorkers) {
		f.team = teams[CaseworkTeam]
		f.worker = map[byte]string{'J': caseworkJari, 'M': caseworkMinna, 'S': caseworkSatu}[teamWorkers[i]]
		// The team started a year ago; new cases came every ten days or so.
		daysAgo = 362 - i*10 + r.IntN(7) - 3
		if r.Float64() < 0.35 {
			others := []string{caseworkVille, caseworkVille, caseworkJari, caseworkMinna, caseworkSatu}
			if s := oneOf(r, others); s != f.worker {
				f.second = s
			}
		}
	} else {
		f.team = teams[caseworkOtherTeam]
		f.worker = caseworkOtherSW
		daysAgo = []int{300, 230, 160, 90, 25}[i-len(teamWorkers)] + r.IntN(7) - 3
	}
	f.opener = f.worker
	if slices.Contains(freshCases, i) {
		f.fresh = true
		daysAgo = 18 + r.IntN(10)
	}
	f.opened = onArkipaiva(r, workday(g.today.AddDays(-daysAgo)), 0)
	if f.opened.After(g.now.Add(-time.Hour)) {
		f.opened = g.now.Add(-time.Hour)
	}
	end := g.now
	if c, ok := closedCases[i]; ok {
		f.status, f.closeReason, f.note = casework.StatusClosed, c.reason, c.note
		f.endAt = onArkipaiva(r, workday(g.today.AddDays(-c.daysAgo)), 0)
		end = f.endAt
	}
	if p, ok := pausedCases[i]; ok {
		f.status, f.note = casework.StatusPaused, p.why
		f.endAt = onArkipaiva(r, workday(g.today.AddDays(-p.daysAgo)), 0)
		end = f.endAt
	}
	if i == overCapCase {
		f.opener = caseworkLead
		f.override = "Asiakas on tuttu Jarille kohtaamispaikasta ja luottaa vain häneen; otetaan yli enimmäismäärän. " +
			"Tasataan kuormaa, kun Jarin asiakkaita siirtyy palveluihin."
	}
	f.expiredConsent = i == expiredConsentCase
	f.withdrawnNGO = i == withdrawnConsentCase

	// Where the case starts and how far it gets in the time it has.
	f.start = 1 + r.IntN(2)
	days := int(end.Sub(f.opened).Hours() / 24)
	switch {
	case f.closeReason == casework.CloseToEmployment || f.closeReason == casework.CloseToServices || slices.Contains(topCases, i):
		f.final = 7
	case f.closeReason == casework.CloseMovedAway:
		f.final = 3 + r.IntN(2)
	case days > 270:
		f.final = 5 + r.IntN(2)
	case days > 180:
		f.final = 4 + r.IntN(3)
	case days > 90:
		f.final = 3 + r.IntN(3)
	default:
		f.final = 2 + r.IntN(2)
	}
	// The first plan is often simple, made once there is some contact;
	// with some clients only when joint goals are in sight.
	f.planAt = []int{3, 3, 4, 4, 4, 5}[r.IntN(6)]
	// A slip back or two in about a third of the cases: two in five of
	// those long enough to have one (spread evenly, not drawn, so that the
	// share holds on any day).
	if days > 120 && i%5 < 2 {
		f.slips = append(f.slips, f.opened.Add(time.Duration(float64(end.Sub(f.opened))*(0.35+0.3*r.Float64()))))
		if days > 270 && r.Float64() < 0.35 {
			f.slips = append(f.slips, f.opened.Add(time.Duration(float64(end.Sub(f.opened))*(0.75+0.1*r.Float64()))))
		}
	}
	if slices.Contains(driftCases, i) {
		f.drift = g.now.Add(-time.Duration(18+r.IntN(18)) * 24 * time.Hour)
		if f.fresh {
			f.start, f.drift = 1, f.opened
		}
	}
	if i == overCapCase {
		f.start = 2
	}
	return f
}

// workday is d if it is an arkipäivä, else the next one.
func workday(d calendar.Date) calendar.Date {
	for !calendar.IsArkipaiva(d) {
		d = d.AddDays(1)
	}
	return d
}

// hetuFor is an unused temporary identity code for the birth date b.
func (g *caseYear) hetuFor(b calendar.Date, female bool) string {
	for {
		n := 900 + 2*g.r.IntN(50)
		if !female {
			n++
		}
		if code := fakeHetu(b, n); !g.hetus[code] {
			g.hetus[code] = true
			return code
		}
	}
}

// phone is an unused number in the fictional 040 000 range.
func (g *caseYear) phone() string {
	for {
		n := g.r.IntN(10000)
		if !g.phones[n] {
			g.phones[n] = true
			return fmt.Sprintf("040 000 %04d", n)
		}
	}
}

// emailLocal turns a name into the local part of an example address.
var emailLocal = strings.NewReplacer("ä", "a", "ö", "o", "å", "a", " ", ".", "-", "")

// client makes the invented client dc.
func (g *caseYear) client(dc demoClient) casework.Client {
	r := g.r
	p := dc.profile
	c := casework.Client{Name: dc.name, Languages: dc.langs, Municipality: dc.muni}
	born := bornAged(r, g.today, p.minAge, p.maxAge)
	if dc.noHetu {
		c.BirthDate = born
	} else {
		c.Hetu = g.hetuFor(born, dc.female)
	}
	if r.Float64() < 0.92 {
		c.Phone = g.phone()
	}
	if r.Float64() < 0.45 {
		c.Email = emailLocal.Replace(strings.ToLower(dc.name)) + "@example.com"
	}
	if r.Float64() >= p.homeless {
		c.Address = fmt.Sprintf("%s %d, %s %s", oneOf(r, exampleStreets), 1+r.IntN(40), postalCodes[dc.muni], dc.muni)
		if r.Float64() < 0.6 {
			c.Address = fmt.Sprintf("%s %d %c %d, %s %s", oneOf(r, exampleStreets), 1+r.IntN(40), 'A'+rune(r.IntN(4)),
				1+r.IntN(30), postalCodes[dc.muni], dc.muni)
		}
	}
	return c
}

// clientFrom makes the client of an intake item's person.
func (g *caseYear) clientFrom(it intake.Item, dc demoClient) casework.Client {
	s := it.Subject
	c := casework.Client{Name: s.Name, Hetu: s.Hetu, BirthDate: s.BirthDate, Phone: s.Phone, Email: s.Email,
		Address: s.Address, Municipality: it.Municipality, Languages: dc.langs}
	if s.Language != "" {
		c.Languages = []string{s.Language}
	}
	if c.Phone == "" {
		c.Phone = g.phone()
	}
	if c.Hetu != "" {
		c.BirthDate = calendar.Date{}
	}
	return c
}

// scriptBuilder writes one case's script.
type scriptBuilder struct {
	g *caseYear
	s *caseScript
	f caseFacts
	p *profile
	// goals are the goal templates in the client's language.
	goals []goalTemplate
	// The plan and the scores as they stand while the script is written.
	planGoals []casework.Goal
	plans     int
	review    calendar.Date
	scores    map[casework.Area]int
	assessed  []casework.Area
	dips      int // regressions since the last assessment
	stage     int // the stage as the script stands
	stageThen int // the stage at the last assessment
	consents  []string
	referred  map[int]bool
	sv        bool
}

// script writes what happens in the case of client cl.
func (g *caseYear) script(cl casework.Client, p *profile, f caseFacts) *caseScript {
	r := g.r
	s := &caseScript{client: cl, limit: CaseworkCap}
	if f.idx >= len(teamWorkers) {
		s.limit = casework.DefaultSettings.DefaultCap
	}
	b := &scriptBuilder{g: g, s: s, f: f, p: p, goals: p.goals, referred: map[int]bool{}, scores: map[casework.Area]int{},
		sv: len(cl.Languages) > 0 && cl.Languages[0] == "sv"}
	if b.sv && p.goalsSV != nil {
		b.goals = p.goalsSV
	}
	s.client.CreatedAt, s.client.CreatedBy = f.opened.Add(-10*time.Minute), g.ids[f.opener]
	s.kase = casework.Case{TeamID: f.team.ID, WorkerID: g.ids[f.worker], SecondWorkerID: g.ids[f.second],
		TargetGroup: access.TargetWorkingAge, Status: casework.StatusActive, Origin: f.origin, OriginRef: f.originRef,
		Situation: b.situation(nil, 1+r.IntN(2)), OpenedAt: f.opened, OpenedBy: g.ids[f.opener]}
	workers := s.kase.WorkerID
	if s.kase.SecondWorkerID != "" {
		workers += "," + s.kase.SecondWorkerID
	}
	s.events = []casework.Event{{At: f.opened, By: g.ids[f.opener], Type: casework.EventOpened, Text: string(f.origin)},
		{At: f.opened, By: g.ids[f.opener], Type: casework.EventAssigned, Text: workers}}
	if f.override != "" {
		s.limit = -1
		s.events = append(s.events, casework.Event{At: f.opened, By: g.ids[f.opener], Type: casework.EventOverride, Text: f.override})
	}
	b.history()
	return s
}

// by is who records something: mostly the named worker, now and then the second.
func (b *scriptBuilder) by() string {
	if b.f.second != "" && b.g.r.Float64() < 0.3 {
		return b.f.second
	}
	return b.f.worker
}

// add appends an op.
func (b *scriptBuilder) add(at time.Time, do func(ctx context.Context, run *caseRun) error) {
	b.s.ops = append(b.s.ops, caseOp{at: at, do: do})
}

// history writes the case's year: meetings until it paused, closed or now,
// the ladder steps they led to, and what came with them.
func (b *scriptBuilder) history() {
	g, f, r := b.g, b.f, b.g.r
	end := g.now.Add(-2 * time.Hour)
	if !f.endAt.IsZero() {
		end = f.endAt.Add(-2 * time.Hour)
	}
	stage := f.start
	b.step(f.opened.Add(20*time.Minute), 0, stage, f.worker, b.openingReason(stage))
	if stage == 2 {
		b.held(f.opened, oneOf(r, []casework.Place{casework.PlaceOffice, casework.PlacePartnerOffice, casework.PlaceStreet}),
			f.worker, firstMeeting)
	}
	if f.expiredConsent {
		b.consent(f.opened.Add(12*24*time.Hour), casework.PartnerKela, 6, 0)
	}
	if f.withdrawnNGO {
		b.consent(f.opened.Add(15*24*time.Hour), casework.PartnerNGO, 12, 40+r.IntN(20))
	}
	slipsLeft := len(f.slips)
	need := b.need(stage, slipsLeft, f.opened, end)
	held, missing, driftMissed := 0, 0, 0
	t := f.opened
	for {
		t = b.nextMeeting(t, stage)
		if !t.Before(end) {
			break
		}
		crisis := false
		if slipsLeft > 0 && !t.Before(f.slips[len(f.slips)-slipsLeft]) && missing == 0 {
			slipsLeft--
			if stage >= 3 {
				if r.Float64() < 0.5 {
					missing = 2
				} else {
					crisis = true
				}
			}
		}
		drifting := !f.drift.IsZero() && !t.Before(f.drift)
		closing := f.status == casework.StatusClosed && end.Sub(t) < 30*24*time.Hour
		place := b.place(stage)
		by := b.by()
		noShow := drifting || missing > 0
		if !noShow && !closing {
			rate := 0.09
			if stage == 1 {
				rate = 0.5
			}
			noShow = r.Float64() < rate
		}
		if noShow {
			b.noShow(t, place, by, !drifting && missing == 0 && r.Float64() < 0.6, drifting)
			// Weeks without reaching the client show on the ladder in every
			// other such case.
			if drifting && missing == 0 {
				if driftMissed++; driftMissed == 2 && stage >= 3 && f.idx%2 == 0 {
					b.step(t.Add(3*time.Hour), stage, stage-1, f.worker, oneOf(r, missedReasons))
					stage, held, b.dips = stage-1, 0, b.dips+1
				}
			}
			if missing > 0 {
				if missing--; missing == 0 && stage >= 3 {
					to := max(2, stage-1-b.twoDown())
					b.step(t.Add(3*time.Hour), stage, to, f.worker, oneOf(r, missedReasons))
					stage, held, b.dips = to, 0, b.dips+1
					need = b.need(stage, slipsLeft, t, end)
				}
			}
			continue
		}
		if !closing && r.Float64() < 0.04 {
			b.cancelled(t, place, by)
			continue
		}
		b.held(t, place, by, heldOutcomes[place])
		if crisis {
			to := max(2, stage-1-b.twoDown())
			b.step(t.Add(45*time.Minute), stage, to, by, oneOf(r, crisisReasons))
			stage, held, b.dips = to, 0, b.dips+1
			need = b.need(stage, slipsLeft, t, end)
			continue
		}
		if b.plans > 0 && b.plans < 3 && !calendar.DateOf(t).Before(b.review) {
			b.savePlan(t.Add(50*time.Minute), by)
			b.assess(t.Add(55*time.Minute), casework.AssessmentReview, by)
		}
		if stage >= f.final {
			continue
		}
		if held++; stage == 1 || held >= need {
			b.step(t.Add(45*time.Minute), stage, stage+1, by, oneOf(r, upReasons[stage+1]))
			stage, held = stage+1, 0
			need = b.need(stage, slipsLeft, t, end)
			b.reached(stage, t, by)
		}
	}
	switch f.status {
	case casework.StatusActive:
		b.planned(stage)
	case casework.StatusClosed:
		b.held(f.endAt.Add(-90*time.Minute), casework.PlaceOffice, f.worker, []string{finalMeeting[f.closeReason]})
		if b.plans > 0 {
			b.assess(f.endAt.Add(-time.Hour), casework.AssessmentReview, f.worker)
		}
		b.status(f.endAt, casework.StatusClosed)
	case casework.StatusPaused:
		b.status(f.endAt, casework.StatusPaused)
	}
}

// twoDown is 1 for the slips that go two stages down, else 0.
func (b *scriptBuilder) twoDown() int {
	if b.g.r.Float64() < 0.3 {
		return 1
	}
	return 0
}

// reached is what comes with reaching stage: the first plan with the
// start self-assessment and consents, and referrals near the top.
func (b *scriptBuilder) reached(stage int, t time.Time, by string) {
	if stage == b.f.planAt && b.plans == 0 {
		b.savePlan(t.Add(50*time.Minute), by)
		b.assess(t.Add(55*time.Minute), casework.AssessmentStart, by)
		b.updateSituation(t.Add(65 * time.Minute))
		n := 1 + b.g.r.IntN(2)
		for _, p := range b.p.partners[:n] {
			b.consent(t.Add(time.Hour), p, 12, 0)
		}
	}
	if (stage == 7 || stage == 6 && b.g.r.Float64() < 0.4) && !b.referred[stage] && len(b.consents) > 0 {
		b.referred[stage] = true
		key := b.consents[min(stage-6, len(b.consents)-1)]
		b.referral(onArkipaiva(b.g.r, calendar.DateOf(t), 1+b.g.r.IntN(2)), key)
	}
}

// need is how many held meetings on a stage lead to the next one, so that
// the case gets about to its final stage by end.
func (b *scriptBuilder) need(stage, slipsLeft int, from, end time.Time) int {
	steps := b.f.final - stage + 2*slipsLeft
	if steps <= 0 {
		return 1 << 20
	}
	meetings := end.Sub(from).Hours() / 24 / float64(avgGap(stage)) * 0.8
	return max(1, min(5, int(meetings/(float64(steps)+0.5))))
}

// avgGap is about how many days pass between meetings on a stage: weekly
// while trust is built, every two weeks or so once the work runs (and the
// misses and cancellations make it monthly now and then).
func avgGap(stage int) int {
	return []int{7, 6, 7, 8, 9, 10, 11, 11}[stage]
}

// nextMeeting is the next meeting after t, on an arkipäivä in office hours.
func (b *scriptBuilder) nextMeeting(t time.Time, stage int) time.Time {
	r := b.g.r
	gap := avgGap(stage)
	d := workday(calendar.DateOf(t).AddDays(gap - 3 + r.IntN(7)))
	return d.Time(9+r.IntN(7), 30*r.IntN(2), 0)
}

// place is where a meeting on stage is: out where the client is while
// trust is built, more at the office and partners later.
func (b *scriptBuilder) place(stage int) casework.Place {
	var ws []weighted
	switch {
	case stage <= 2:
		ws = []weighted{{string(casework.PlaceStreet), 30}, {string(casework.PlaceHome), 35}, {string(casework.PlacePhone), 20},
			{string(casework.PlacePartnerOffice), 15}}
	case stage <= 4:
		ws = []weighted{{string(casework.PlaceOffice), 30}, {string(casework.PlaceHome), 25}, {string(casework.PlacePhone), 20},
			{string(casework.PlacePartnerOffice), 15}, {string(casework.PlaceStreet), 10}}
	default:
		ws = []weighted{{string(casework.PlaceOffice), 40}, {string(casework.PlacePartnerOffice), 25},
			{string(casework.PlacePhone), 15}, {string(casework.PlaceHome), 15}, {string(casework.PlaceVideo), 5}}
	}
	return casework.Place(pick(b.g.r, ws))
}

// step records a move on the ladder from one stage to another.
func (b *scriptBuilder) step(at time.Time, from, to int, by, reason string) {
	b.stage = to
	byID := b.g.ids[by]
	b.add(at, func(ctx context.Context, run *caseRun) error {
		if run.c.Stage != from {
			return fmt.Errorf("ladder step from %d on stage %d", from, run.c.Stage)
		}
		step, err := run.c.ClimbTo(run.ladder, to, reason, byID, at, at)
		if err != nil {
			return err
		}
		return run.st.AddLadderStep(ctx, run.c, &step)
	})
}

// held records a meeting that took place.
func (b *scriptBuilder) held(at time.Time, place casework.Place, by string, outcomes []string) {
	m := casework.Meeting{At: at, Place: place, Status: casework.MeetingHeld, Outcome: oneOf(b.g.r, outcomes),
		By: b.g.ids[by], CreatedAt: at.Add(30 * time.Minute)}
	b.add(at, func(ctx context.Context, run *caseRun) error {
		m.CaseID = run.c.ID
		if err := m.Validate(m.CreatedAt); err != nil {
			return err
		}
		return run.st.SaveMeeting(ctx, &m)
	})
}

// cancelled records a meeting called off and moved.
func (b *scriptBuilder) cancelled(at time.Time, place casework.Place, by string) {
	m := casework.Meeting{At: at, Place: place, Status: casework.MeetingCancelled, Outcome: oneOf(b.g.r, cancelledOutcomes),
		By: b.g.ids[by], CreatedAt: at.Add(-3 * time.Hour)}
	b.add(at, func(ctx context.Context, run *caseRun) error {
		m.CaseID = run.c.ID
		if err := m.Validate(m.CreatedAt); err != nil {
			return err
		}
		return run.st.SaveMeeting(ctx, &m)
	})
}

// noShow records a missed meeting and its follow-up, and when the
// follow-up was done: mostly within one to five days, a few later, some
// not yet. reached: whether it reached the client.
func (b *scriptBuilder) noShow(at time.Time, place casework.Place, by string, reached, drifting bool) {
	g, r := b.g, b.g.r
	kind := casework.TaskKind(pick(r, []weighted{{string(casework.TaskCall), 60}, {string(casework.TaskMessage), 20},
		{string(casework.TaskLetter), 8}, {string(casework.TaskVisit), 12}}))
	if place.Outreach() && r.Float64() < 0.4 {
		kind = casework.TaskVisit
	}
	recorded := at.Add(time.Hour)
	var due calendar.Date
	if r.Float64() < 0.3 {
		due = calendar.NthArkipaivaAfter(calendar.DateOf(at), 1+r.IntN(4))
	}
	m := casework.Meeting{At: at, Place: place, Status: casework.MeetingPlanned, Outcome: noShowOutcomes[place],
		By: g.ids[by], CreatedAt: at.Add(-7 * 24 * time.Hour)}
	task := new(casework.Task)
	note := taskNotes[kind]
	b.add(at, func(ctx context.Context, run *caseRun) error {
		m.CaseID = run.c.ID
		t, err := casework.NoShow(run.c, &m, kind, due, g.ids[by], recorded)
		if err != nil {
			return err
		}
		if err := m.Validate(recorded); err != nil {
			return err
		}
		*task = t
		task.Note = note
		return run.st.RecordNoShow(ctx, &m, task)
	})
	// An arkipäivä within five days, now and then later.
	var days []calendar.Date
	lo, hi := 1, 5
	if r.Float64() < 0.12 {
		lo, hi = 6, 12
	}
	for n := lo; n <= hi; n++ {
		if d := calendar.DateOf(at).AddDays(n); calendar.IsArkipaiva(d) {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		days = append(days, calendar.NthArkipaivaAfter(calendar.DateOf(at), 1))
	}
	done := onArkipaiva(r, oneOf(r, days), 0)
	if !done.Before(g.now) || (drifting && g.now.Sub(at) < 10*24*time.Hour) || (g.now.Sub(at) < 10*24*time.Hour && r.Float64() < 0.4) {
		return // still open
	}
	outcome := oneOf(r, unreachedOutcomes[kind])
	if reached {
		outcome = oneOf(r, reachedOutcomes[kind])
	}
	doneBy := g.ids[by]
	b.add(done, func(ctx context.Context, run *caseRun) error {
		task.DoneAt, task.DoneBy, task.Reached, task.Outcome = &done, doneBy, reached, outcome
		return run.st.CompleteTask(ctx, task)
	})
}

// planned is the next meeting, agreed for the coming two weeks.
func (b *scriptBuilder) planned(stage int) {
	g, r := b.g, b.g.r
	if r.Float64() < 0.15 && b.f.drift.IsZero() {
		return
	}
	d := workday(g.today.AddDays(1 + r.IntN(13)))
	place := b.place(stage)
	if !b.f.drift.IsZero() {
		place = casework.PlaceHome
	}
	m := casework.Meeting{At: d.Time(9+r.IntN(7), 30*r.IntN(2), 0), Place: place, Status: casework.MeetingPlanned,
		By: g.ids[b.f.worker], CreatedAt: g.now.Add(-time.Duration(1+r.IntN(72)) * time.Hour)}
	b.add(m.CreatedAt, func(ctx context.Context, run *caseRun) error {
		m.CaseID = run.c.ID
		if err := m.Validate(m.CreatedAt); err != nil {
			return err
		}
		return run.st.SaveMeeting(ctx, &m)
	})
}

// situation describes n more areas of the client's situation than old has.
func (b *scriptBuilder) situation(old map[casework.Area]string, n int) map[casework.Area]string {
	out := map[casework.Area]string{}
	for a, v := range old {
		out[a] = v
	}
	for _, a := range b.p.areas {
		if n == 0 {
			break
		}
		if _, ok := out[a]; !ok {
			out[a] = oneOf(b.g.r, b.p.situation[a])
			n--
		}
	}
	return out
}

// updateSituation writes more of the overall situation once the work on
// goals begins.
func (b *scriptBuilder) updateSituation(at time.Time) {
	n := 1 + b.g.r.IntN(2)
	by := b.g.ids[b.f.worker]
	// The areas are drawn now, while the script is written, so that the
	// demo stays the same whatever order the cases are stored in.
	add := b.situation(nil, len(b.p.areas))
	b.add(at, func(ctx context.Context, run *caseRun) error {
		c := run.c
		c.Situation = maps.Clone(c.Situation)
		if c.Situation == nil {
			c.Situation = map[casework.Area]string{}
		}
		for _, a := range b.p.areas {
			if _, ok := c.Situation[a]; !ok && n > 0 {
				c.Situation[a] = add[a]
				n--
			}
		}
		if err := c.Validate(); err != nil {
			return err
		}
		return run.st.UpdateCase(ctx, c, []casework.Event{{At: at, By: by, Type: casework.EventSituation}}, -1)
	})
}

// who names who does an action in the client's language.
func (b *scriptBuilder) who(w string) string {
	worker := b.g.first[b.f.worker]
	switch {
	case w == "client" && b.sv:
		return "Klienten"
	case w == "client":
		return "Asiakas"
	case w == "worker":
		return worker
	case w == "both" && b.sv:
		return "Klienten och " + worker
	case w == "both":
		return "Asiakas ja " + worker
	}
	return w
}

// savePlan saves the next version of the client plan: the first with two
// or three goals, later ones with actions done and now and then a goal more.
func (b *scriptBuilder) savePlan(at time.Time, by string) {
	r := b.g.r
	goals := make([]casework.Goal, 0, len(b.planGoals)+1)
	for _, gl := range b.planGoals {
		gl.Actions = slices.Clone(gl.Actions)
		for i := range gl.Actions {
			if !gl.Actions[i].Done && r.Float64() < 0.6 {
				gl.Actions[i].Done = true
				break
			}
		}
		goals = append(goals, gl)
	}
	add := 0
	switch {
	case b.plans == 0:
		add = 2 + r.IntN(2)
	case r.Float64() < 0.3:
		add = 1
	}
	for _, i := range r.Perm(len(b.goals)) {
		if add == 0 {
			break
		}
		tpl := b.goals[i]
		if slices.ContainsFunc(goals, func(gl casework.Goal) bool { return gl.Text == tpl.text }) {
			continue
		}
		gl := casework.Goal{Text: tpl.text}
		for _, a := range tpl.actions {
			gl.Actions = append(gl.Actions, casework.Action{What: a[0], Who: b.who(a[1])})
		}
		goals = append(goals, gl)
		add--
	}
	b.planGoals = goals
	b.plans++
	// Reviews come less often as the work settles.
	weeks := []int{8, 12, 16}[b.plans-1] + r.IntN(5)
	review := workday(calendar.DateOf(at).AddDays(7*weeks + r.IntN(7)))
	b.review = review
	p := casework.Plan{Goals: goals, ReviewDate: review, SavedAt: at, SavedBy: b.g.ids[by]}
	b.add(at, func(ctx context.Context, run *caseRun) error {
		p.CaseID = run.c.ID
		if err := p.Validate(calendar.DateOf(at)); err != nil {
			return err
		}
		if err := run.st.SavePlan(ctx, &p); err != nil {
			return err
		}
		run.plan = &p
		return nil
	})
}

// assess records the client's self-assessment over the areas they chose:
// better as the client climbs, with a dip in an area or two after a slip
// back or now and then.
func (b *scriptBuilder) assess(at time.Time, kind casework.AssessmentKind, by string) {
	r := b.g.r
	if b.assessed == nil {
		b.assessed = b.p.areas[:3+r.IntN(2)]
		for _, a := range b.assessed {
			b.scores[a] = 2 + r.IntN(4)
		}
	} else {
		climbed := b.stage - b.stageThen
		dipped := -1
		if b.dips > 0 || r.Float64() < 0.2 {
			dipped = r.IntN(len(b.assessed))
		}
		for i, a := range b.assessed {
			delta := r.IntN(2) + min(2, max(0, climbed))
			if i == dipped || (b.dips > 1 && r.Float64() < 0.5) {
				delta = -1 - r.IntN(2)
			}
			b.scores[a] = max(1, min(10, b.scores[a]+delta))
		}
		b.dips = 0
	}
	b.stageThen = b.stage
	a := casework.Assessment{At: at, Kind: kind, Scores: map[casework.Area]int{}, By: b.g.ids[by]}
	for _, area := range b.assessed {
		a.Scores[area] = b.scores[area]
	}
	b.add(at, func(ctx context.Context, run *caseRun) error {
		a.CaseID = run.c.ID
		if err := a.Validate(); err != nil {
			return err
		}
		if err := run.st.AddAssessment(ctx, &a); err != nil {
			return err
		}
		run.assessment = &a
		return nil
	})
}

// consentScopes are what clients agree partners may be told.
var consentScopes = map[casework.Partner][]casework.InfoKind{
	casework.PartnerKela:            {casework.InfoContact, casework.InfoSituation},
	casework.PartnerEmployment:      {casework.InfoContact, casework.InfoSituation, casework.InfoLadder, casework.InfoPlan},
	casework.PartnerDebtEnforcement: {casework.InfoContact},
	casework.PartnerNGO:             {casework.InfoContact, casework.InfoPlan},
	casework.PartnerHealthCare:      {casework.InfoContact, casework.InfoSituation, casework.InfoProgress},
}

// organisation names the partner organisation of a team's area.
func (b *scriptBuilder) organisation(p casework.Partner) string {
	soite := b.f.idx < len(teamWorkers)
	switch {
	case p == casework.PartnerNGO:
		return "Tukiverkko ry"
	case p == casework.PartnerEmployment:
		return "Työllisyyspalvelut"
	case p == casework.PartnerHealthCare && soite:
		return "Soite, mielenterveys- ja päihdepalvelut"
	case p == casework.PartnerHealthCare:
		return "Varha, mielenterveys- ja päihdepalvelut"
	}
	return ""
}

// consent records the client's consent to partner p for months, withdrawn
// withdrawAfter days later (0: not withdrawn). Referrals use only those
// never withdrawn.
func (b *scriptBuilder) consent(at time.Time, p casework.Partner, months, withdrawAfter int) {
	g := b.g
	key := fmt.Sprintf("%s-%d", p, len(b.s.ops))
	if withdrawAfter == 0 && months >= 12 {
		b.consents = append(b.consents, key)
	}
	c := casework.Consent{Partner: p, Organisation: b.organisation(p), Scope: consentScopes[p], GivenAt: at,
		ValidUntil: calendar.MonthsAfter(calendar.DateOf(at), months), RecordedBy: g.ids[b.f.worker]}
	by := g.ids[b.f.worker]
	b.add(at, func(ctx context.Context, run *caseRun) error {
		c.ClientID = run.client.ID
		if err := c.Validate(calendar.DateOf(at)); err != nil {
			return err
		}
		if err := run.st.AddConsent(ctx, &c); err != nil {
			return err
		}
		run.consents[key] = &c
		return run.st.AddCaseEvent(ctx, &casework.Event{CaseID: run.c.ID, At: at, By: by, Type: casework.EventConsent,
			Text: consentEventText("given", &c)})
	})
	if withdrawAfter > 0 {
		w := onArkipaiva(g.r, calendar.DateOf(at).AddDays(withdrawAfter), 0)
		b.add(w, func(ctx context.Context, run *caseRun) error {
			if err := run.st.WithdrawConsent(ctx, c.ID, by, w); err != nil {
				return err
			}
			return run.st.AddCaseEvent(ctx, &casework.Event{CaseID: run.c.ID, At: w, By: by, Type: casework.EventConsent,
				Text: consentEventText("withdrawn", &c)})
		})
	}
}

// consentEventText is a consent event's text as the client page writes it.
func consentEventText(what string, c *casework.Consent) string {
	text := what + " " + string(c.Partner)
	if c.Organisation != "" {
		text += ": " + c.Organisation
	}
	return text
}

// referral sends the partner of consent key what the consent covers and
// the case needs told: built by casework.BuildReferral, so never more.
func (b *scriptBuilder) referral(at time.Time, key string) {
	if !at.Before(b.g.now) || (!b.f.endAt.IsZero() && !at.Before(b.f.endAt)) {
		return
	}
	by := b.g.ids[b.f.worker]
	drop := b.g.r.IntN(3) // leave out the last kind of the scope now and then
	b.add(at, func(ctx context.Context, run *caseRun) error {
		consent := run.consents[key]
		share := consent.Scope
		if len(share) > 2 && drop == 0 {
			share = share[:len(share)-1]
		}
		content, err := casework.BuildReferral(casework.ShareInput{Client: run.client, Case: run.c, Ladder: run.ladder,
			Plan: run.plan, Assessment: run.assessment}, consent, share, at)
		if err != nil {
			return err
		}
		ref := casework.Referral{CaseID: run.c.ID, ConsentID: consent.ID, Partner: consent.Partner,
			Organisation: consent.Organisation, Message: referralMessages[consent.Partner], Shared: share, Content: content,
			SentAt: at, SentBy: by}
		if err := run.st.AddReferral(ctx, &ref); err != nil {
			return err
		}
		text := string(ref.Partner)
		if ref.Organisation != "" {
			text += ": " + ref.Organisation
		}
		return run.st.AddCaseEvent(ctx, &casework.Event{CaseID: run.c.ID, At: at, By: by, Type: casework.EventReferralSent, Text: text})
	})
}

// status pauses or closes the case at at.
func (b *scriptBuilder) status(at time.Time, to casework.Status) {
	f := b.f
	by := b.g.ids[f.worker]
	b.add(at, func(ctx context.Context, run *caseRun) error {
		c := run.c
		note := ""
		if to == casework.StatusClosed {
			note = f.note
		}
		if err := c.Transition(to, f.closeReason, note, at); err != nil {
			return err
		}
		text := string(to)
		switch {
		case to == casework.StatusClosed:
			text += ": " + string(f.closeReason)
		case f.note != "":
			text += ": " + f.note
		}
		return run.st.UpdateCase(ctx, c, []casework.Event{{At: at, By: by, Type: casework.EventStatus, Text: text}}, -1)
	})
}

// openingReason is why the first stage was recorded when the case opened.
func (b *scriptBuilder) openingReason(stage int) string {
	if b.f.override != "" {
		return "Asiakas on tavannut Jaria kohtaamispaikassa useamman kerran ja pyysi itse häntä työntekijäkseen."
	}
	if b.f.origin == casework.OriginIntake {
		return "Palvelutarpeen arvio aloitettiin yhteydenoton perusteella; asiakas tavattiin arvion yhteydessä."
	}
	return oneOf(b.g.r, upReasons[stage])
}

// What workers write (made up; in Finnish, as the demo county's).
var (
	upReasons = map[int][]string{
		1: {"Asiakas ohjautui työllisyyspalveluista monialaisen arvion jälkeen; yhteystiedot saatu, ei vielä tavoitettu.",
			"Kela ilmoitti pitkään työttömänä olleesta, joka ei ole vastannut yhteydenottoihin. Kirje lähetetty.",
			"Asiakas mainittiin kohtaamispaikan palaverissa; omaa yhteyttä ei vielä ole.",
			"Puhelimeen ei vastata; jätin viestin ja lähetin kirjeen."},
		2: {"Tavoitin asiakkaan kotoa; juttelimme ovella ja hän suostui uuteen tapaamiseen.",
			"Ensimmäinen tapaaminen kirjaston kahvilassa; asiakas kertoi tilanteestaan varovasti.",
			"Asiakas vastasi vihdoin puhelimeen. Sovimme, että soitan viikon päästä uudelleen.",
			"Tapasimme kohtaamispaikassa. Asiakas tuli paikalle, vaikka epäröi."},
		3: {"Asiakas on vastannut viesteihin muutaman kerran ja käynyt kerran toimistolla.",
			"Yhteys pysyy, vaikka tapaamiset siirtyvät usein. Asiakas ottaa itse yhteyttä, kun jokin huolestuttaa.",
			"Tavattu kaksi kertaa kuukauden aikana; asiakas toivoo tapaamisia mieluummin kotona."},
		4: {"Tapaamiset ovat toteutuneet sovitusti kolme kertaa peräkkäin.",
			"Asiakas tulee sovittuihin tapaamisiin ja ilmoittaa itse, jos ei pääse.",
			"Viikoittainen tapaaminen on vakiintunut; luottamus on selvästi kasvanut."},
		5: {"Laadimme yhdessä asiakassuunnitelman; asiakas nimesi itse tärkeimmät tavoitteensa.",
			"Asiakas kertoi, mitä haluaa muuttaa, ja sovimme ensimmäisistä askelista.",
			"Sovimme tavoitteista; asiakas halusi aloittaa asioista, jotka painavat eniten."},
		6: {"Asiakas on hoitanut sovitut asiat itse ja käynyt yksin kumppanin vastaanotolla.",
			"Ensimmäiset tavoitteet ovat toteutuneet; asiakas tarttuu uusiin asioihin oma-aloitteisesti.",
			"Asiakas on edennyt suunnitelman mukaan ja käy säännöllisesti päivätoiminnassa."},
		7: {"Asiakas aloittaa kuntouttavan työtoiminnan ensi kuussa.",
			"Työkokeilupaikka sovittu; asiakas siirtyy vähitellen työllisyyspalvelujen tuelle.",
			"Asiakas pääsi hoitoon ja tuetun asumisen piiriin; yhteistyö siirtyy vähitellen heille.",
			"Asiakas on hakenut opiskelupaikkaa ja saanut kutsun haastatteluun."},
	}
	missedReasons = []string{
		"Kaksi tapaamista jäänyt väliin eikä asiakas vastaa puhelimeen. Palataan tiiviimpään yhteydenpitoon.",
		"Asiakasta ei ole tavoitettu kahteen viikkoon; käyn kotona ja tutuissa paikoissa.",
		"Tapaamiset peruuntuneet peräkkäin; asiakas vetäytyi. Pidetään yhteyttä viestein.",
	}
	crisisReasons = []string{
		"Asiakas kertoi retkahtaneensa; tavoitteet tauolle, keskitytään yhteyden pitämiseen.",
		"Asunto meni alta ja yhteys katkesi hetkeksi. Tavoitteita ei nyt voi työstää.",
		"Masennus on pahentunut; asiakas ei jaksa tulla toimistolle. Tapaamiset kotona.",
		"Läheisen kuolema horjutti arkea; asiakas vetäytyi. Pidetään yhteyttä viestein.",
		"Ulosoton päätös lannisti; asiakas perui tapaamiset. Soitan viikoittain.",
	}
	firstMeeting = []string{"Ensitapaaminen: tutustuttiin ja sovittiin, miten pidetään yhteyttä.",
		"Ensitapaaminen: asiakas kertoi tilanteestaan ja toiveistaan."}
	heldOutcomes = map[casework.Place][]string{
		casework.PlaceOffice: {"Käytiin läpi postit ja laskut.", "Täytettiin toimeentulotukihakemus yhdessä.",
			"Keskusteltiin viikon kuulumisista ja sovittiin seuraava tapaaminen.", "Käytiin läpi suunnitelman tavoitteet."},
		casework.PlaceHome: {"Kotikäynti; avattiin kertyneet kirjeet yhdessä.",
			"Kotikäynti; asiakas keitti kahvit ja kertoi viikostaan.", "Kotikäynti; siivottiin yhdessä keittiö."},
		casework.PlaceStreet: {"Tavattiin kauppakeskuksessa; asiakas pysähtyi juttelemaan.",
			"Jalkautuminen rautatieasemalle; asiakas tuli itse juttelemaan.",
			"Kävelylenkki puistossa; keskustelu sujui liikkuessa helpommin."},
		casework.PlacePartnerOffice: {"Yhteinen tapaaminen työllisyyspalveluissa.", "Mukana Kelan ajanvarausvastaanotolla.",
			"Käytiin yhdessä talous- ja velkaneuvonnassa.", "Tutustuttiin kuntouttavan työtoiminnan paikkaan."},
		casework.PlacePhone: {"Puhelu: kuulumiset ja muistutus ensi viikon tapaamisesta.",
			"Puhelu: asiakas kysyi toimeentulotukipäätöksestä.", "Puhelu: sovittiin kotikäynnistä."},
		casework.PlaceVideo: {"Videotapaaminen; harjoiteltiin OmaKela-asiointia.",
			"Videotapaaminen; asiakas jakoi näyttönsä ja täytettiin hakemus."},
	}
	noShowOutcomes = map[casework.Place]string{
		casework.PlaceOffice: "Asiakas ei tullut eikä vastannut puhelimeen.", casework.PlaceHome: "Ovella ei avattu.",
		casework.PlaceStreet: "Asiakasta ei tavattu sovitussa paikassa.", casework.PlacePartnerOffice: "Asiakas ei tullut kumppanin vastaanotolle.",
		casework.PlacePhone: "Asiakas ei vastannut sovittuun aikaan.", casework.PlaceVideo: "Asiakas ei liittynyt tapaamiseen.",
	}
	cancelledOutcomes = []string{"Asiakas perui aamulla sairastumisen vuoksi; uusi aika sovittu.",
		"Työntekijä perui sairastumisen vuoksi; uusi aika sovittu.", "Asiakas perui, koska hänellä on lääkäriaika; siirretty."}
	taskNotes = map[casework.TaskKind]string{
		casework.TaskCall: "Soitan ja kysyn kuulumiset.", casework.TaskMessage: "Laitan tekstiviestin ja ehdotan uutta aikaa.",
		casework.TaskLetter: "Lähetän kirjeen ja uuden ajan.", casework.TaskVisit: "Käyn kotona tai tutuissa paikoissa.",
	}
	reachedOutcomes = map[casework.TaskKind][]string{
		casework.TaskCall:    {"Tavoitin puhelimella; asiakas oli nukkunut pommiin. Uusi aika sovittu.", "Asiakas vastasi toisella soitolla; uusi aika sovittu."},
		casework.TaskMessage: {"Asiakas vastasi viestiin ja pahoitteli; uusi aika sovittu."},
		casework.TaskLetter:  {"Asiakas soitti kirjeen saatuaan."},
		casework.TaskVisit:   {"Asiakas avasi oven; juteltiin ja sovittiin uusi tapaaminen.", "Löysin asiakkaan kohtaamispaikasta; kaikki hyvin."},
	}
	unreachedOutcomes = map[casework.TaskKind][]string{
		casework.TaskCall:    {"Ei vastannut; jätin viestin.", "Puhelin suljettu."},
		casework.TaskMessage: {"Ei vastausta viestiin."},
		casework.TaskLetter:  {"Kirje lähetetty, ei yhteydenottoa."},
		casework.TaskVisit:   {"Ovella ei avattu; jätin lapun.", "Asiakasta ei löytynyt tutuista paikoista."},
	}
	finalMeeting = map[casework.CloseReason]string{
		casework.CloseToEmployment: "Loppukeskustelu: käytiin läpi matka ja sovittiin, miten tarvittaessa otetaan yhteyttä.",
		casework.CloseToServices:   "Yhteinen siirtopalaveri uuden palvelun työntekijän kanssa.",
		casework.CloseMovedAway:    "Viimeinen tapaaminen ennen muuttoa; annettu uuden kunnan yhteystiedot.",
	}
	referralMessages = map[casework.Partner]string{
		casework.PartnerKela:            "Asiakas tarvitsee apua perustoimeentulotuen ja asumistuen hakemisessa; toivomme yhteydenottoa asiakkaaseen.",
		casework.PartnerEmployment:      "Asiakas on valmis aloittamaan kuntouttavan työtoiminnan. Pyydämme yhteistä tapaamista aktivointisuunnitelman tekemiseksi.",
		casework.PartnerDebtEnforcement: "Asiakas hakee maksuohjelmaa; pyydämme yhteydenottoa asiakkaaseen vireillä olevista ulosottoasioista.",
		casework.PartnerNGO:             "Asiakas haluaa mukaan vertaisryhmään ja toivoo yhteydenottoa puhelimitse.",
		casework.PartnerHealthCare:      "Asiakas toivoo hoitokontaktia; työntekijä tulee mukaan ensimmäiselle käynnille.",
	}
)
