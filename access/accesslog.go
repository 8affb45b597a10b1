package access

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// LogAction says what was done with a person's data (act 703/2023 §).
type LogAction string

const (
	LogView   LogAction = "view"
	LogCreate LogAction = "create"
	LogUpdate LogAction = "update"
	LogExport LogAction = "export"
	LogPrint  LogAction = "print"
	LogDeny   LogAction = "deny" // an attempt that the policy refused
)

// LogEntry is one row of the access log: who used whose data, when, what, why,
// and from which route. Seq, PrevHash and Hash are set when it is appended.
type LogEntry struct {
	Seq       int64
	At        time.Time
	UserID    string
	UserName  string
	OrgUnit   string
	PersonID  string
	Action    LogAction
	Purpose   string
	Route     string
	RequestID string
	PrevHash  string
	Hash      string
}

// ChainHash is the hash that links e to its predecessor: SHA-256 over the
// previous hash and every field, length-prefixed so that no two different
// entries serialise alike. Changing, removing or reordering a row breaks it.
func ChainHash(prev string, e *LogEntry) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	field(prev)
	field(strconv.FormatInt(e.Seq, 10))
	field(strconv.FormatInt(e.At.UTC().UnixMicro(), 10))
	field(e.UserID)
	field(e.UserName)
	field(e.OrgUnit)
	field(e.PersonID)
	field(string(e.Action))
	field(e.Purpose)
	field(e.Route)
	field(e.RequestID)
	return hex.EncodeToString(h.Sum(nil))
}

// ChainBreak describes the first place where the log does not verify.
type ChainBreak struct {
	Seq    int64
	Reason string
}

func (b *ChainBreak) Error() string {
	return fmt.Sprintf("access log broken at entry %d: %s", b.Seq, b.Reason)
}

// ChainVerifier checks entries fed to it in sequence order.
type ChainVerifier struct {
	prevSeq  int64
	prevHash string
	n        int64
}

// Next checks one entry. It returns a *ChainBreak on the first inconsistency.
func (v *ChainVerifier) Next(e *LogEntry) error {
	switch {
	case e.Seq != v.prevSeq+1:
		return &ChainBreak{Seq: v.prevSeq + 1, Reason: fmt.Sprintf("entry missing (next stored entry is %d)", e.Seq)}
	case e.PrevHash != v.prevHash:
		return &ChainBreak{Seq: e.Seq, Reason: "link to the previous entry does not match"}
	case ChainHash(e.PrevHash, e) != e.Hash:
		return &ChainBreak{Seq: e.Seq, Reason: "entry content was changed"}
	}
	v.prevSeq, v.prevHash = e.Seq, e.Hash
	v.n++
	return nil
}

// Finish compares the end of the chain with the recorded head, which catches
// rows cut off the end, rows added after it, and a rewritten last row.
func (v *ChainVerifier) Finish(headSeq int64, headHash string) error {
	switch {
	case headSeq > v.prevSeq:
		return &ChainBreak{Seq: v.prevSeq + 1, Reason: fmt.Sprintf("log ends at entry %d but its head records %d", v.prevSeq, headSeq)}
	case headSeq < v.prevSeq:
		return &ChainBreak{Seq: headSeq + 1, Reason: fmt.Sprintf("log goes on to entry %d past its head at %d", v.prevSeq, headSeq)}
	case headHash != v.prevHash:
		// Same length, so the last entry itself is not the one the head recorded.
		return &ChainBreak{Seq: v.prevSeq, Reason: "last entry does not match the recorded head"}
	}
	return nil
}

// Count is the number of entries verified so far.
func (v *ChainVerifier) Count() int64 { return v.n }

// AccessLogAppender stores access log entries; the store implements it.
type AccessLogAppender interface {
	AppendAccessLog(ctx context.Context, e *LogEntry) error
}

// Use records one use of a person's data by u. Handlers call it before they
// show or hand out the data; if it fails the data must not be shown.
func Use(ctx context.Context, log AccessLogAppender, u *User, personID string, action LogAction, purpose, route, requestID string) error {
	if personID == "" || u == nil {
		return fmt.Errorf("access log: user and person are required")
	}
	e := &LogEntry{
		At:        time.Now(),
		UserID:    u.ID,
		UserName:  u.Name,
		OrgUnit:   u.OrgUnit(),
		PersonID:  personID,
		Action:    action,
		Purpose:   strings.TrimSpace(purpose),
		Route:     route,
		RequestID: requestID,
	}
	if err := log.AppendAccessLog(ctx, e); err != nil {
		return fmt.Errorf("access log: %w", err)
	}
	return nil
}
