// Package demo fills an empty database with a demo county built from the
// seeds' places: the teams of the pilots and one user for every role.
// It is used only by `kynnys serve --demo`.
package demo

import (
	"context"
	"fmt"
	"time"

	"kynnys/access"
)

// Password is every demo user's password. Demo mode is for trying Kynnys
// out with made-up data; a known password is the point.
const Password = "kynnys-demo-2026"

// SettingKey marks a database as a demo database.
const SettingKey = "demo_database"

// Store is what seeding needs.
type Store interface {
	CountUsers(ctx context.Context) (int, error)
	Teams(ctx context.Context) ([]access.Team, error)
	CreateTeam(ctx context.Context, t *access.Team) error
	CreateUser(ctx context.Context, nu access.NewUser) (*access.User, error)
	Setting(ctx context.Context, key string) (string, bool, error)
	SetSetting(ctx context.Context, key, value string) error
	PlaceStore
	encounterStore
	intakeStore
	caseworkStore
}

// Teams are the seeds' pilot teams.
var Teams = []access.Team{
	{Name: "Kanta-Häme: päihdepalvelujen sosiaalityö", Municipalities: []string{"Hämeenlinna", "Hattula", "Janakkala"},
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge}},
	{Name: "Satakunta: Porin kohtaamispaikat", Municipalities: []string{"Pori"},
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge}},
	{Name: "Satakunta: Harjavallan ja Kokemäen kohtaamispaikat", Municipalities: []string{"Harjavalta", "Kokemäki"},
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge}},
	{Name: "Varsinais-Suomi: Salo-Somero", Municipalities: []string{"Salo", "Somero"},
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge, access.TargetFamilies, access.TargetDisabled}},
	{Name: "Varsinais-Suomi: Vakka-Suomi ja Masku", Municipalities: []string{"Mynämäki", "Uusikaupunki", "Pyhäranta", "Kustavi", "Taivassalo", "Laitila", "Masku", "Nousiainen", "Vehmaa"},
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge, access.TargetFamilies, access.TargetDisabled}},
	{Name: "Keski-Pohjanmaa: työttömien palvelut", Municipalities: []string{"Kokkola", "Kannus", "Kaustinen", "Veteli", "Perho", "Toholampi", "Lestijärvi", "Halsua"},
		TargetGroups: []access.TargetGroup{access.TargetWorkingAge}},
}

// User is a demo account.
type User struct {
	Email string
	Name  string
	Role  access.Role
	Teams []int // indexes into Teams
}

// Users are the demo accounts: one for every role, then the case-work team
// of Keski-Pohjanmaa (seed 002) with its lead, counsellors and social workers.
var Users = []User{
	{"admin@demo.kynnys.fi", "Aino Ylläpitäjä", access.RoleAdmin, nil},
	{"esihenkilo@demo.kynnys.fi", "Eeva Esihenkilö", access.RoleTeamLead, []int{1, 2, 3, 4}},
	{"sosiaalityontekija@demo.kynnys.fi", "Sanna Sosiaalityöntekijä", access.RoleSocialWorker, []int{3, 4}},
	{"sosiaaliohjaaja@demo.kynnys.fi", "Olli Ohjaaja", access.RoleSocialCounsellor, []int{1}},
	{"lahihoitaja@demo.kynnys.fi", "Liisa Lähihoitaja", access.RoleHealthProfessional, []int{0}},
	{"kumppani@demo.kynnys.fi", "Kalle Kumppani", access.RolePartner, nil},
	{"analyytikko@demo.kynnys.fi", "Anna Analyytikko", access.RoleAnalyst, nil},
	{caseworkLead, "Tuula Tiiminvetäjä", access.RoleTeamLead, []int{CaseworkTeam}},
	{caseworkJari, "Jari Jalkautuja", access.RoleSocialCounsellor, []int{CaseworkTeam}},
	{caseworkMinna, "Minna Mukanakulkija", access.RoleSocialCounsellor, []int{CaseworkTeam}},
	{caseworkSatu, "Satu Sinnikäs", access.RoleSocialWorker, []int{CaseworkTeam}},
	{caseworkVille, "Ville Vierellä", access.RoleSocialWorker, []int{CaseworkTeam}},
}

// ErrNotDemoDatabase means --demo was given for a database with real data.
var ErrNotDemoDatabase = fmt.Errorf("the database has users or teams but is not a demo database; refusing demo mode (it turns off the second factor)")

// Prepare seeds an empty database, or checks that a non-empty one is a demo
// database. It returns whether it seeded.
func Prepare(ctx context.Context, st Store, hashPassword func(string) (string, error)) (bool, error) {
	if _, isDemo, err := st.Setting(ctx, SettingKey); err != nil {
		return false, err
	} else if isDemo {
		return false, nil
	}
	n, err := st.CountUsers(ctx)
	if err != nil {
		return false, err
	}
	// Teams count too: a real installation starts with `kynnys team create`,
	// and seeding there would plant demo accounts with a known password.
	existing, err := st.Teams(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 || len(existing) > 0 {
		return false, ErrNotDemoDatabase
	}
	// Mark first: should seeding stop half-way, the next start continues in demo mode.
	if err := st.SetSetting(ctx, SettingKey, "true"); err != nil {
		return false, err
	}
	teams := make([]access.Team, len(Teams))
	for i := range Teams {
		teams[i] = Teams[i]
		if err := st.CreateTeam(ctx, &teams[i]); err != nil {
			return false, fmt.Errorf("demo team %d: %w", i, err)
		}
	}
	hash, err := hashPassword(Password)
	if err != nil {
		return false, err
	}
	for _, u := range Users {
		var ids []string
		for _, i := range u.Teams {
			ids = append(ids, teams[i].ID)
		}
		if _, err := st.CreateUser(ctx, access.NewUser{Email: u.Email, Name: u.Name, Role: u.Role, TeamIDs: ids, PasswordHash: hash}); err != nil {
			return false, fmt.Errorf("demo user %s: %w", u.Role, err)
		}
	}
	if err := seedPlaces(ctx, st, teams, time.Now()); err != nil {
		return false, err
	}
	if err := seedEncounters(ctx, st, teams, time.Now()); err != nil {
		return false, err
	}
	if err := seedIntake(ctx, st, teams, time.Now()); err != nil {
		return false, err
	}
	if err := seedCasework(ctx, st, teams, time.Now()); err != nil {
		return false, err
	}
	return true, nil
}
