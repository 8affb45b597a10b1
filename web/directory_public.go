package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"kynnys"
	"kynnys/access"
	"kynnys/calendar"
	"kynnys/directory"
)

// placeCard is a service point as the public list shows it.
type placeCard struct {
	ID, Name, Kind, Municipality, Address, Phone string
	Open                                         bool
	Status                                       string // "open until 15.00" / "opens Mon 9.00"
	AnonymousOK, Free, NoReferral                bool
}

type homeView struct {
	*Page
	Places         []placeCard
	Municipalities []string
	TargetGroups   []access.TargetGroup
	Topics         []string
	Filter         placeFilter
	Total          int
}

// placeFilter is the public list's filter form.
type placeFilter struct {
	Municipality, TargetGroup, Topic, When string
}

func (f placeFilter) Active() bool { return f != placeFilter{} }

// timeOfDay writes a time the way the language does: 9.00 in Finnish, 9:00 otherwise.
func timeOfDay(lang string, t time.Time) string {
	t = t.In(calendar.Helsinki)
	if lang == "fi" {
		return fmt.Sprintf("%d.%02d", t.Hour(), t.Minute())
	}
	return fmt.Sprintf("%d:%02d", t.Hour(), t.Minute())
}

// dayName is the short weekday name in lang.
func (p *Page) dayName(d time.Weekday) string { return p.T("weekday.short." + directory.DayCode(d)) }

// whenText says when an instant is, relative to now: today, tomorrow, or a weekday and date.
func (p *Page) whenText(now, t time.Time) string {
	today, day := calendar.DateOf(now), calendar.DateOf(t)
	switch {
	case day == today:
		return p.T("directory.today", timeOfDay(p.Lang, t))
	case day == today.AddDays(1):
		return p.T("directory.tomorrow", timeOfDay(p.Lang, t))
	}
	return p.T("directory.on_day", p.dayName(day.Weekday()), fmt.Sprintf("%d.%d.", day.Day, int(day.Month)), timeOfDay(p.Lang, t))
}

// status says whether a place is open now and until when, or when it opens next.
func (p *Page) status(sp *directory.ServicePoint, now time.Time) (bool, string) {
	if iv, open := sp.OpenAt(now); open {
		return true, p.T("directory.open_until", timeOfDay(p.Lang, iv.End))
	}
	if next, ok := sp.NextOpening(now); ok {
		return false, p.T("directory.opens", p.whenText(now, next.Start))
	}
	return false, p.T("directory.closed_for_now")
}

func (s *Server) card(p *Page, sp *directory.ServicePoint, now time.Time) placeCard {
	c := placeCard{ID: sp.ID, Name: sp.Name.In(p.Lang), Kind: p.T("kind." + string(sp.Kind)), Municipality: sp.Municipality,
		Phone: sp.Phone, AnonymousOK: sp.AnonymousOK, Free: sp.Free, NoReferral: sp.NoReferralNeeded}
	if sp.Address.Street != "" {
		c.Address = strings.TrimSpace(sp.Address.Street + ", " + sp.Address.City)
	}
	c.Open, c.Status = p.status(sp, now)
	return c
}

// matchesWhen: "open_now"; "evenings" — open after 16 on some weekday in
// the next two weeks; "weekends" — open on a Saturday or Sunday then.
func matchesWhen(sp *directory.ServicePoint, when string, now time.Time) bool {
	switch when {
	case "open_now":
		_, open := sp.OpenAt(now)
		return open
	case "evenings", "weekends":
		today := calendar.DateOf(now)
		for _, iv := range sp.Openings(today, today.AddDays(13)) {
			start := iv.Start.In(calendar.Helsinki)
			weekend := start.Weekday() == time.Saturday || start.Weekday() == time.Sunday
			if when == "weekends" && weekend {
				return true
			}
			end := iv.End.In(calendar.Helsinki)
			if when == "evenings" && !weekend && (end.Hour() > 16 || (end.Hour() == 16 && end.Minute() > 0) || end.Day() != start.Day()) {
				return true
			}
		}
	}
	return when == ""
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	points, err := s.store.ServicePoints(r.Context(), directory.Filter{})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	q := r.URL.Query()
	view := &homeView{Page: s.view(r, "home.title"), TargetGroups: access.TargetGroups, Topics: directory.Topics, Total: len(points),
		Filter: placeFilter{Municipality: q.Get("municipality"), TargetGroup: q.Get("target_group"), Topic: q.Get("topic"), When: q.Get("when")}}
	now := s.now()
	for i := range points {
		sp := &points[i]
		if !slices.Contains(view.Municipalities, sp.Municipality) {
			view.Municipalities = append(view.Municipalities, sp.Municipality)
		}
		f := view.Filter
		if (f.Municipality != "" && sp.Municipality != f.Municipality) ||
			(f.TargetGroup != "" && !slices.Contains(sp.TargetGroups, access.TargetGroup(f.TargetGroup))) ||
			(f.Topic != "" && !slices.Contains(sp.Topics, f.Topic)) || !matchesWhen(sp, f.When, now) {
			continue
		}
		view.Places = append(view.Places, s.card(view.Page, sp, now))
	}
	sort.Strings(view.Municipalities)
	// Open places first, then by municipality and name.
	sort.SliceStable(view.Places, func(i, j int) bool {
		a, b := view.Places[i], view.Places[j]
		if a.Open != b.Open {
			return a.Open
		}
		if a.Municipality != b.Municipality {
			return a.Municipality < b.Municipality
		}
		return a.Name < b.Name
	})
	s.render(w, r, http.StatusOK, "home", view)
}

// dayHours is one day of a place's week.
type dayHours struct {
	Day     string // "ma 30.11."
	Today   bool
	Hours   []string // "9.00–15.00"
	Holiday string
	Note    string
}

type placeView struct {
	*Page
	Place        *directory.ServicePoint
	Name         string
	Description  string
	Kind         string
	Open         bool
	Status       string
	Week         []dayHours
	Regular      []string // the weekly hours in short: "ma–pe 9.00–15.00"
	Upcoming     []dayHours
	MapURL       string
	Access       string
	TargetGroups []access.TargetGroup
}

func (p *Page) interval(iv directory.Interval) string {
	return timeOfDay(p.Lang, iv.Start) + "–" + timeOfDay(p.Lang, iv.End)
}

func (p *Page) dayLabel(d calendar.Date) string {
	return fmt.Sprintf("%s %d.%d.", p.dayName(d.Weekday()), d.Day, int(d.Month))
}

// week lists the seven days from the given date with their openings.
func (p *Page) week(sp *directory.ServicePoint, from, today calendar.Date) []dayHours {
	out := make([]dayHours, 0, 7)
	for i := 0; i < 7; i++ {
		d := from.AddDays(i)
		dh := dayHours{Day: p.dayLabel(d), Today: d == today}
		for _, iv := range sp.IntervalsOn(d) {
			dh.Hours = append(dh.Hours, p.interval(iv))
		}
		if h, ok := calendar.HolidayOn(d); ok {
			dh.Holiday = h.LocalName(p.Lang)
		}
		for _, e := range sp.Exceptions {
			if e.Date == d {
				dh.Note = e.Note.In(p.Lang)
			}
		}
		out = append(out, dh)
	}
	return out
}

// regularHours summarises the weekly hours in force in the coming week:
// days with the same hours form one line, runs of days as a range
// ("ma–ke, to 9.00–15.00").
func (p *Page) regularHours(sp *directory.ServicePoint, on calendar.Date) []string {
	byDay := map[time.Weekday][][2]directory.Clock{}
	for _, h := range sp.Hours {
		if (!h.ValidTo.IsZero() && h.ValidTo.Before(on)) || (!h.ValidFrom.IsZero() && h.ValidFrom.After(on.AddDays(6))) {
			continue
		}
		for _, d := range h.Days {
			byDay[d] = append(byDay[d], [2]directory.Clock{h.Opens, h.Closes})
		}
	}
	order := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
	var groups []string        // hours texts, in order of first day
	days := map[string][]int{} // hours text → indexes into order
	for i, d := range order {
		intervals := byDay[d]
		if len(intervals) == 0 {
			continue
		}
		slices.SortFunc(intervals, func(a, b [2]directory.Clock) int { return int(a[0] - b[0]) })
		var hours []string
		for _, iv := range slices.Compact(intervals) {
			hours = append(hours, clockText(p.Lang, iv[0])+"–"+clockText(p.Lang, iv[1]))
		}
		key := strings.Join(hours, ", ")
		if _, seen := days[key]; !seen {
			groups = append(groups, key)
		}
		days[key] = append(days[key], i)
	}
	lines := make([]string, 0, len(groups))
	for _, hours := range groups {
		var parts []string
		idx := days[hours]
		for i := 0; i < len(idx); {
			j := i
			for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
				j++
			}
			part := p.dayName(order[idx[i]])
			if j > i {
				part += "–" + p.dayName(order[idx[j]])
			}
			parts = append(parts, part)
			i = j + 1
		}
		lines = append(lines, strings.Join(parts, ", ")+" "+hours)
	}
	return lines
}

// Tel is a phone number as people write it reduced to what a tel: link
// takes (the template writes the scheme, so that html/template trusts it).
func (p *Page) Tel(number string) string {
	var b strings.Builder
	for i, r := range number {
		if (r >= '0' && r <= '9') || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func clockText(lang string, c directory.Clock) string {
	if lang == "fi" {
		return c.Finnish()
	}
	return fmt.Sprintf("%d:%02d", int(c)/60, int(c)%60)
}

func (s *Server) placePage(w http.ResponseWriter, r *http.Request) {
	sp, err := s.store.ServicePoint(r.Context(), r.PathValue("id"))
	if errors.Is(err, kynnys.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	p := s.view(r, "place.title")
	p.TitleText = sp.Name.In(p.Lang)
	now := s.now()
	today := calendar.DateOf(now)
	view := &placeView{Page: p, Place: sp, Name: sp.Name.In(p.Lang), Description: sp.Description.In(p.Lang),
		Kind: p.T("kind." + string(sp.Kind)), Access: sp.Accessibility.In(p.Lang), TargetGroups: sp.TargetGroups,
		Week: p.week(sp, today, today), Regular: p.regularHours(sp, today)}
	view.Open, view.Status = p.status(sp, now)
	exceptions := slices.Clone(sp.Exceptions)
	slices.SortFunc(exceptions, func(a, b directory.Exception) int { return a.Date.Compare(b.Date) })
	for i, e := range exceptions {
		if i > 0 && exceptions[i-1].Date == e.Date {
			continue // several intervals on one date: one row
		}
		if !e.Date.Before(today.AddDays(7)) && !e.Date.After(today.AddDays(90)) {
			dh := dayHours{Day: p.dayLabel(e.Date), Note: e.Note.In(p.Lang)}
			for _, iv := range sp.IntervalsOn(e.Date) {
				dh.Hours = append(dh.Hours, p.interval(iv))
			}
			view.Upcoming = append(view.Upcoming, dh)
		}
	}
	if a := sp.Address; a.Lat != nil && a.Lon != nil {
		view.MapURL = fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=17/%.5f/%.5f", *a.Lat, *a.Lon, *a.Lat, *a.Lon)
	}
	s.render(w, r, http.StatusOK, "place", view)
}

type phoneView struct {
	*Page
	Services []phoneService
}

type phoneService struct {
	ID, Name, Phone, Municipality, Kind, Status string
	Open                                        bool
	Regular                                     []string
	Groups                                      []access.TargetGroup
}

func (s *Server) phonePage(w http.ResponseWriter, r *http.Request) {
	points, err := s.store.ServicePoints(r.Context(), directory.Filter{})
	if err != nil {
		s.internalError(w, r, err)
		return
	}
	view := &phoneView{Page: s.view(r, "phone.title")}
	now := s.now()
	for i := range points {
		sp := &points[i]
		if !sp.Kind.Remote() {
			continue
		}
		ps := phoneService{ID: sp.ID, Name: sp.Name.In(view.Lang), Phone: sp.Phone, Municipality: sp.Municipality,
			Kind: view.T("kind." + string(sp.Kind)), Regular: view.regularHours(sp, calendar.DateOf(now)), Groups: sp.TargetGroups}
		ps.Open, ps.Status = view.status(sp, now)
		view.Services = append(view.Services, ps)
	}
	s.render(w, r, http.StatusOK, "phone", view)
}
