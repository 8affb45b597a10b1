package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/store"
)

// openMigrated opens the database and brings its schema up to date.
func openMigrated(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// parseAndOpen parses a command's flags and opens its migrated database
// (dsn is the --db flag's value, read after parsing).
func parseAndOpen(ctx context.Context, fs *flag.FlagSet, dsn *string, args []string) (*store.DB, error) {
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	return openMigrated(ctx, *dsn)
}

func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("migrate", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s); schema version %d (%s)\n", len(applied), v, db.Engine())
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// describe turns a validation error into a sentence for the terminal.
func describe(err error) error {
	if fe, ok := kynnys.AsFieldError(err); ok {
		return usageError{fmt.Sprintf("invalid --%s (%s)", strings.ReplaceAll(fe.Field, "_", "-"), strings.TrimPrefix(fe.Code, "error."))}
	}
	if errors.Is(err, kynnys.ErrConflict) {
		return fmt.Errorf("already exists: %w", err)
	}
	return err
}

func cmdTeamCreate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("team create", stderr)
	name := fs.String("name", "", "team name (unique)")
	muns := fs.String("municipalities", "", "comma-separated municipalities of the team's area")
	groups := fs.String("target-groups", "", "comma-separated target groups: working_age, families, disabled, elderly, youth")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	t := &access.Team{Name: *name, Municipalities: splitList(*muns)}
	for _, g := range splitList(*groups) {
		t.TargetGroups = append(t.TargetGroups, access.TargetGroup(g))
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateTeam(ctx, t); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created team %q\n%s\n", t.Name, t.ID)
	return nil
}

func cmdTeamList(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("team list", stderr)
	db, err := parseAndOpen(ctx, fs, dsn, args)
	if err != nil {
		return err
	}
	defer db.Close()
	teams, err := db.Teams(ctx)
	if err != nil {
		return err
	}
	for _, t := range teams {
		groups := make([]string, len(t.TargetGroups))
		for i, g := range t.TargetGroups {
			groups[i] = string(g)
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", t.ID, t.Name, strings.Join(t.Municipalities, ","), strings.Join(groups, ","))
	}
	return nil
}

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func cmdUserCreate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("user create", stderr)
	email := fs.String("email", "", "email address (the sign-in name)")
	name := fs.String("name", "", "full name")
	role := fs.String("role", "", "role: "+roleList())
	var teams repeated
	fs.Var(&teams, "team", "team id or name (repeatable)")
	pwStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if !*pwStdin {
		return usageError{"--password-stdin is required: passwords are never given as arguments (they would show in the process list)"}
	}
	if err := access.ValidateNewUser(*email, *name, access.Role(*role)); err != nil {
		return describe(err)
	}
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if err := access.ValidateNewPassword(password); err != nil {
		return usageError{"password: " + err.Error()}
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	var teamIDs []string
	for _, t := range teams {
		team, err := db.TeamByIDOrName(ctx, t)
		if errors.Is(err, kynnys.ErrNotFound) {
			return usageError{fmt.Sprintf("no team %q", t)}
		}
		if err != nil {
			return err
		}
		teamIDs = append(teamIDs, team.ID)
	}
	hash, err := access.HashPassword(password)
	if err != nil {
		return err
	}
	u, err := db.CreateUser(ctx, access.NewUser{Email: *email, Name: *name, Role: access.Role(*role), TeamIDs: teamIDs, PasswordHash: hash})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "created user %s (%s); the second factor is enrolled at first sign-in\n%s\n", u.Email, u.Role, u.ID)
	return nil
}

func roleList() string {
	var names []string
	for _, r := range access.Roles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

func cmdUserList(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("user list", stderr)
	db, err := parseAndOpen(ctx, fs, dsn, args)
	if err != nil {
		return err
	}
	defer db.Close()
	users, err := db.Users(ctx)
	if err != nil {
		return err
	}
	for _, u := range users {
		state := "active"
		if !u.Active {
			state = "inactive"
		}
		var teams []string
		for _, t := range u.Teams {
			teams = append(teams, t.Name)
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, state, strings.Join(teams, "; "))
	}
	return nil
}

func cmdTokenCreate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("token create", stderr)
	email := fs.String("user", "", "email of the user the token acts as")
	name := fs.String("name", "", "what the token is for")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" || strings.TrimSpace(*name) == "" {
		return usageError{"--user and --name are required"}
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, *email)
	if errors.Is(err, kynnys.ErrNotFound) {
		return usageError{"no user with that email"}
	}
	if err != nil {
		return err
	}
	if !u.Active {
		return usageError{"the user is deactivated"}
	}
	token, _, err := db.CreateAPIToken(ctx, u.ID, strings.TrimSpace(*name))
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "API token for %s (role %s); it is shown only now:\n%s\n", u.Email, u.Role, token)
	return nil
}

func cmdAccessLogVerify(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("accesslog verify", stderr)
	db, err := parseAndOpen(ctx, fs, dsn, args)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.VerifyAccessLog(ctx)
	if err != nil {
		return fmt.Errorf("access log does NOT verify after %d good entries: %w", n, err)
	}
	seq, hash, err := db.AccessLogHead(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "access log verified: %d entries, head %d %s\n", n, seq, hash)
	return nil
}

// cmdAccessLogExtract prints a person's access log extract (act 703/2023):
// who used their data, when, from which unit, what and why.
func cmdAccessLogExtract(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	fs, dsn := newFlags("accesslog extract", stderr)
	person := fs.String("person", "", "the person's id (a client's id), an intake item's id, a case's id, or an identity code")
	sinceFlag := fs.String("since", "", "earliest date, YYYY-MM-DD (default: two years back)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *person == "" {
		return usageError{"--person is required"}
	}
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		return err
	}
	since := time.Now().In(helsinki).AddDate(-2, 0, 0)
	if *sinceFlag != "" {
		since, err = time.ParseInLocation("2006-01-02", *sinceFlag, helsinki)
		if err != nil {
			return usageError{"--since must be a date YYYY-MM-DD"}
		}
	}
	db, err := openMigrated(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	// The person may be asked for by an intake item's id or an identity
	// code as well as by their person id; the key itself is kept, since
	// other areas log people (encounter clients) the persons table lacks.
	ids, err := db.PersonIDs(ctx, strings.TrimSpace(*person))
	if err != nil {
		return err
	}
	if !slices.Contains(ids, *person) {
		ids = append(ids, *person)
	}
	var entries []access.LogEntry
	for _, id := range ids {
		got, err := db.AccessLogForPerson(ctx, id, since)
		if err != nil {
			return err
		}
		entries = append(entries, got...)
	}
	slices.SortStableFunc(entries, func(a, b access.LogEntry) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
	w := csv.NewWriter(stdout)
	_ = w.Write([]string{"time", "user", "organisation_unit", "action", "purpose"})
	for _, e := range entries {
		_ = w.Write([]string{e.At.In(helsinki).Format(time.RFC3339), e.UserName, e.OrgUnit, string(e.Action), e.Purpose})
	}
	w.Flush()
	return w.Error()
}
