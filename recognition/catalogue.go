package recognition

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sync"
	"time"
)

// Languages a catalogue's labels must be in.
var Languages = []string{"fi", "sv", "en"}

// Label is a text by language code.
type Label map[string]string

// Cue is one observation a professional can make in a meeting, with the
// facts it suggests. Facts hold true for yes/no facts (a cue is evidence
// for a fact, never against one) and a Consent string for consent.
//
// A retired cue stays in the catalogue, so that its code is never reused
// and statistics and links made with it keep their label: the tool no
// longer offers it (Shown), but Evaluate still accepts its code.
type Cue struct {
	Code    string       `json:"code"`
	Label   Label        `json:"label"`
	Facts   map[Fact]any `json:"facts"`
	Retired bool         `json:"retired,omitempty"`
}

// Domain groups cues by a support need of SHL 11 §.
type Domain struct {
	Code  string `json:"code"`
	Label Label  `json:"label"`
	Cues  []Cue  `json:"cues"`
}

// Catalogue is one version of the cues.
type Catalogue struct {
	Version string
	Domains []Domain
	cues    map[string]*Cue
}

// Cue looks a cue up by its code.
func (c *Catalogue) Cue(code string) (*Cue, bool) {
	cue, ok := c.cues[code]
	return cue, ok
}

// Shown is what the tool offers: the domains with their cues in force,
// leaving out retired cues and domains that have none left.
func (c *Catalogue) Shown() []Domain {
	out := make([]Domain, 0, len(c.Domains))
	for _, d := range c.Domains {
		cues := make([]Cue, 0, len(d.Cues))
		for _, cue := range d.Cues {
			if !cue.Retired {
				cues = append(cues, cue)
			}
		}
		if len(cues) > 0 {
			d.Cues = cues
			out = append(out, d)
		}
	}
	return out
}

// JSON is the catalogue's text, as Parse reads it.
func (c *Catalogue) JSON() ([]byte, error) {
	return json.Marshal(struct {
		Domains []Domain `json:"domains"`
	}{c.Domains})
}

// Draft returns a deep copy of the catalogue's domains to edit; New checks
// the edited domains.
func (c *Catalogue) Draft() []Domain {
	out := make([]Domain, len(c.Domains))
	for i, d := range c.Domains {
		d.Label = maps.Clone(d.Label)
		d.Cues = slices.Clone(d.Cues)
		for j := range d.Cues {
			d.Cues[j].Label = maps.Clone(d.Cues[j].Label)
			d.Cues[j].Facts = maps.Clone(d.Cues[j].Facts)
		}
		out[i] = d
	}
	return out
}

// New makes a catalogue of domains named version, checked as Parse checks.
func New(domains []Domain, version string) (*Catalogue, error) {
	data, err := (&Catalogue{Domains: domains}).JSON()
	if err != nil {
		return nil, fmt.Errorf("recognition catalogue: %w", err)
	}
	return Parse(data, version)
}

// ValidCode reports whether s has the shape of a domain or cue code.
func ValidCode(s string) bool { return codeShape.MatchString(s) }

// Changes lists the cue codes that differ between two versions of a catalogue.
type Changes struct {
	Added, Changed, Retired, Restored []string
}

// Diff lists what changed from old to c, in c's order. A cue whose label
// or facts changed as it was retired or restored counts once, as retired
// or restored.
func (c *Catalogue) Diff(old *Catalogue) Changes {
	var ch Changes
	for _, d := range c.Domains {
		for _, cue := range d.Cues {
			was, ok := old.Cue(cue.Code)
			switch {
			case !ok:
				ch.Added = append(ch.Added, cue.Code)
			case cue.Retired && !was.Retired:
				ch.Retired = append(ch.Retired, cue.Code)
			case !cue.Retired && was.Retired:
				ch.Restored = append(ch.Restored, cue.Code)
			case !maps.Equal(cue.Label, was.Label) || !maps.Equal(cue.Facts, was.Facts):
				ch.Changed = append(ch.Changed, cue.Code)
			}
		}
	}
	return ch
}

// codeShape is what a domain or cue code looks like; cue codes travel on to
// the notification form, which takes the same shape.
var codeShape = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// Parse reads a catalogue's domains from JSON and checks it: codes
// well-formed and unique, every label in every language, every fact known
// with a value of its kind. Version names this text of the catalogue.
func Parse(data []byte, version string) (*Catalogue, error) {
	var doc struct {
		Domains []Domain `json:"domains"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("recognition catalogue: %w", err)
	}
	c := &Catalogue{Version: version, Domains: doc.Domains, cues: map[string]*Cue{}}
	if version == "" {
		return nil, fmt.Errorf("recognition catalogue: no version")
	}
	if len(c.Domains) == 0 {
		return nil, fmt.Errorf("recognition catalogue: no domains")
	}
	domains := map[string]bool{}
	for i := range c.Domains {
		d := &c.Domains[i]
		if !codeShape.MatchString(d.Code) || domains[d.Code] {
			return nil, fmt.Errorf("recognition catalogue: domain code %q is malformed or repeated", d.Code)
		}
		domains[d.Code] = true
		if err := checkLabel(d.Label); err != nil {
			return nil, fmt.Errorf("recognition catalogue: domain %s: %w", d.Code, err)
		}
		if len(d.Cues) == 0 {
			return nil, fmt.Errorf("recognition catalogue: domain %s has no cues", d.Code)
		}
		for j := range d.Cues {
			cue := &d.Cues[j]
			if !codeShape.MatchString(cue.Code) || c.cues[cue.Code] != nil {
				return nil, fmt.Errorf("recognition catalogue: cue code %q is malformed or repeated", cue.Code)
			}
			c.cues[cue.Code] = cue
			if err := checkLabel(cue.Label); err != nil {
				return nil, fmt.Errorf("recognition catalogue: cue %s: %w", cue.Code, err)
			}
			for f, v := range cue.Facts {
				if err := checkCueFact(f, v); err != nil {
					return nil, fmt.Errorf("recognition catalogue: cue %s: %w", cue.Code, err)
				}
			}
		}
	}
	return c, nil
}

func checkLabel(l Label) error {
	if len(l) != len(Languages) {
		return fmt.Errorf("labels in %d languages, want %v", len(l), Languages)
	}
	for _, lang := range Languages {
		if l[lang] == "" {
			return fmt.Errorf("no label in %s", lang)
		}
	}
	return nil
}

func checkCueFact(f Fact, v any) error {
	if f == FactConsent {
		if s, ok := v.(string); !ok || !slices.Contains(Consents, Consent(s)) {
			return fmt.Errorf("consent %v is not one of %v", v, Consents)
		}
		return nil
	}
	if !slices.Contains(BoolFacts, f) {
		return fmt.Errorf("unknown fact %q", f)
	}
	if v != true {
		return fmt.Errorf("fact %s: a cue can only suggest true", f)
	}
	return nil
}

//go:embed catalogue.json
var defaultJSON []byte

// Default is the catalogue Kynnys ships with. Its version is "default-"
// and a digest of its text, so that any edit gives a new version.
var Default = sync.OnceValues(func() (*Catalogue, error) {
	sum := sha256.Sum256(defaultJSON)
	return Parse(defaultJSON, "default-"+hex.EncodeToString(sum[:6]))
})

// Source gives the catalogue in force. The tool asks it on every use, so
// that a county's edited catalogue can take the default's place.
type Source interface {
	Current(ctx context.Context) (*Catalogue, error)
}

// DefaultSource is the Source of the shipped catalogue.
type DefaultSource struct{}

// Current returns the shipped catalogue.
func (DefaultSource) Current(context.Context) (*Catalogue, error) { return Default() }

// Problem is what is wrong with the input to Evaluate.
type Problem string

const (
	ProblemUnknownFact Problem = "unknown_fact"
	ProblemFactValue   Problem = "fact_value"
	ProblemUnknownCue  Problem = "unknown_cue"
)

// InputError names the fact or cue Evaluate could not use.
type InputError struct {
	Problem Problem
	Name    string // the fact's name or the cue's code
}

func (e *InputError) Error() string { return fmt.Sprintf("recognition: %s %q", e.Problem, e.Name) }

// Field is the input field at fault: "facts.<name>" or "cues".
func (e *InputError) Field() string {
	if e.Problem == ProblemUnknownCue {
		return "cues"
	}
	return "facts." + e.Name
}

// consentWeight orders consent answers for combining cues: a refusal
// outweighs a consent, so that no cue's suggestion makes a contact
// without consent look agreed.
var consentWeight = map[Consent]int{ConsentNotAsked: 0, ConsentGiven: 1, ConsentRefused: 2}

// Evaluate decides the routes from the ticked cues and the answered facts.
// The cues add the facts they suggest; an answered fact wins over the cues
// (it may also turn a suggested fact off). Yes/no facts take booleans,
// consent one of the Consents.
func Evaluate(c *Catalogue, facts map[string]any, cues []string) ([]Decision, error) {
	var f Facts
	for _, code := range cues {
		cue, ok := c.Cue(code)
		if !ok {
			return nil, &InputError{ProblemUnknownCue, code}
		}
		for name, v := range cue.Facts {
			if name == FactConsent {
				if s := Consent(v.(string)); consentWeight[s] > consentWeight[f.Consent] {
					f.Consent = s
				}
				continue
			}
			// Parse has checked that cue facts are yes/no facts set true.
			_ = f.Set(name, true)
		}
	}
	names := make([]string, 0, len(facts))
	for name := range facts {
		names = append(names, name)
	}
	slices.Sort(names) // the first wrong fact by name, whatever the map's order
	for _, name := range names {
		v, fact := facts[name], Fact(name)
		if fact == FactConsent {
			s, ok := v.(string)
			if !ok || !slices.Contains(Consents, Consent(s)) {
				return nil, &InputError{ProblemFactValue, name}
			}
			f.Consent = Consent(s)
			continue
		}
		if !slices.Contains(BoolFacts, fact) {
			return nil, &InputError{ProblemUnknownFact, name}
		}
		b, ok := v.(bool)
		if !ok {
			return nil, &InputError{ProblemFactValue, name}
		}
		_ = f.Set(fact, b)
	}
	return Decide(f), nil
}

// CatalogueVersion is one stored version of a county's catalogue.
type CatalogueVersion struct {
	Version   int
	At        time.Time
	ByID      string // the user who saved it; "" when none did (a migration, the command line)
	ByName    string
	Note      string // why, in the editor's words
	Catalogue *Catalogue
}
