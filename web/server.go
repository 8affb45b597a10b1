// Package web is Kynnys's HTTP face: server-rendered pages (which work without
// JavaScript), the JSON API under /api/v1, and the operational endpoints.
// Every route is registered with the policy that guards it.
package web

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"kynnys/access"
	"kynnys/directory"
	"kynnys/encounter"
	"kynnys/recognition"
)

// Store is what the web layer needs from storage.
type Store interface {
	Ping(ctx context.Context) error
	SchemaVersion(ctx context.Context) (int, error)
	LatestVersion() (int, error)

	User(ctx context.Context, id string) (*access.User, error)
	Users(ctx context.Context) ([]access.User, error)
	CreateUser(ctx context.Context, nu access.NewUser) (*access.User, error)
	SetActive(ctx context.Context, userID string, active bool) error
	SetUserTeams(ctx context.Context, userID string, teamIDs []string) error
	UpdateUserProfile(ctx context.Context, userID, name string, role access.Role) error
	Teams(ctx context.Context) ([]access.Team, error)
	Team(ctx context.Context, id string) (*access.Team, error)
	CreateTeam(ctx context.Context, t *access.Team) error
	UpdateTeam(ctx context.Context, t *access.Team) error

	CredentialsByEmail(ctx context.Context, email string) (*access.Credentials, error)
	CredentialsByUser(ctx context.Context, userID string) (*access.Credentials, error)
	SetPassword(ctx context.Context, userID, hash, keepSessionHash string) error
	UpgradePasswordHash(ctx context.Context, userID, oldHash, newHash string) error
	SetPendingTOTP(ctx context.Context, userID, secret string) error
	EnableTOTP(ctx context.Context, userID string, step int64, recoveryHashes []string) error
	ResetTOTP(ctx context.Context, userID string) error
	AdvanceTOTPStep(ctx context.Context, userID string, step int64) (bool, error)
	UseRecoveryCode(ctx context.Context, userID, codeHash string) (bool, error)
	RecoveryCodesLeft(ctx context.Context, userID string) (int, error)

	CreateSession(ctx context.Context, userID string, secondFactorDone bool) (string, *access.Session, error)
	SessionByToken(ctx context.Context, token string, now time.Time) (*access.Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error

	CreateAPIToken(ctx context.Context, userID, name string) (string, *access.APIToken, error)
	APITokenUser(ctx context.Context, token string, now time.Time) (*access.User, error)
	APITokens(ctx context.Context, userID string) ([]access.APIToken, error)
	RevokeAPIToken(ctx context.Context, userID, tokenID string) error

	LoginFailures(ctx context.Context, key string) (int, time.Time, error)
	RecordLoginFailure(ctx context.Context, now time.Time, keys ...string) error
	ClearLoginFailures(ctx context.Context, key string) error

	access.AccessLogAppender

	CreateServicePoint(ctx context.Context, sp *directory.ServicePoint, by directory.Editor) error
	UpdateServicePoint(ctx context.Context, sp *directory.ServicePoint, by directory.Editor) error
	ServicePoint(ctx context.Context, id string) (*directory.ServicePoint, error)
	ServicePointTeam(ctx context.Context, id string) (string, error)
	ServicePoints(ctx context.Context, f directory.Filter) ([]directory.ServicePoint, error)
	ServicePointHistory(ctx context.Context, id string) ([]directory.Version, error)

	Vocabulary(ctx context.Context) (*encounter.Vocabulary, error)
	AddVocabularyEntry(ctx context.Context, e encounter.Entry) error
	SetVocabularyActive(ctx context.Context, kind encounter.VocabularyKind, code string, active bool) error
	CreateEncounter(ctx context.Context, e *encounter.Encounter) error
	CreateEncounters(ctx context.Context, es []*encounter.Encounter) error
	Encounter(ctx context.Context, id string) (*encounter.Encounter, error)
	RecentEncounters(ctx context.Context, staffID string, since time.Time, limit int) ([]encounter.Encounter, error)
	UpdateEncounter(ctx context.Context, e *encounter.Encounter) error
	DeleteEncounter(ctx context.Context, id, byUserID string) error
	EncounterStats(ctx context.Context, q encounter.StatsQuery) (*encounter.Stats, error)

	intakeStore

	RecognitionCatalogue(ctx context.Context) (*recognition.Catalogue, int, error)
	SaveRecognitionCatalogue(ctx context.Context, c *recognition.Catalogue, by, note string) (int, error)
	RecognitionCatalogueHistory(ctx context.Context) ([]recognition.CatalogueVersion, error)
	recognitionUseStore
	caseworkStore
}

// Config is how the server behaves.
type Config struct {
	// Demo relaxes the second-factor requirement; never for real data.
	Demo bool
	// PublicURL is the address users reach Kynnys at; an https URL makes
	// cookies Secure and turns on HSTS (TLS usually ends at a proxy).
	PublicURL *url.URL
	// CountyName and EmergencyNumber appear on public pages.
	CountyName      string
	EmergencyNumber string
	Version         string
	// TrustProxyHeaders takes the client address from X-Forwarded-For
	// (only behind a proxy that sets it).
	TrustProxyHeaders bool
	Logger            *slog.Logger
	// Registry receives the HTTP and database metrics; nil makes a new one.
	Registry *prometheus.Registry
}

// Server is the HTTP application.
type Server struct {
	cfg      Config
	store    Store
	log      *slog.Logger
	cat      catalogue
	pages    map[string]*template.Template
	assets   *assets
	routes   []*route
	mux      *http.ServeMux
	handler  http.Handler
	metrics  *httpMetrics
	registry *prometheus.Registry
	now      func() time.Time
	// intakeGate guards the public intake forms and API (intake_public.go).
	intakeGate *intakeGate
}

// New builds the server and its routes.
func New(cfg Config, st Store) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	if cfg.CountyName == "" {
		cfg.CountyName = "Kynnys"
	}
	if cfg.EmergencyNumber == "" {
		cfg.EmergencyNumber = "0800 000 000"
	}
	cat, err := loadCatalogue()
	if err != nil {
		return nil, fmt.Errorf("message catalogue: %w", err)
	}
	as, err := loadAssets()
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	s := &Server{cfg: cfg, store: st, log: cfg.Logger, cat: cat, assets: as,
		mux: http.NewServeMux(), registry: cfg.Registry, now: time.Now}
	s.metrics = newHTTPMetrics(cfg.Registry)
	s.intakeGate = newIntakeGate(cfg.Registry)
	s.pages, err = parsePages()
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	s.registerRoutes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// ServeHTTP serves a request through the whole middleware chain.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// secure reports whether the site is served over TLS (directly or by a proxy
// in front, as PublicURL says).
func (s *Server) secure(r *http.Request) bool {
	return r.TLS != nil || (s.cfg.PublicURL != nil && s.cfg.PublicURL.Scheme == "https")
}
