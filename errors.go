// Package kynnys holds what every other package shares: the error values that
// cross layer boundaries. Storage maps driver errors to these; the web layer
// maps these to HTTP statuses in one place.
package kynnys

import (
	"errors"
	"fmt"
)

var (
	// ErrNotFound means the thing asked for does not exist (or is not visible).
	ErrNotFound = errors.New("not found")
	// ErrConflict means a uniqueness rule would be broken (an email already in use).
	ErrConflict = errors.New("conflict")
	// ErrForbidden means the caller may not do this.
	ErrForbidden = errors.New("forbidden")
)

// FieldError reports invalid input in one field. Code is a message catalogue
// key, so the web layer can say what is wrong in the user's language; the
// error text itself never holds the submitted value, which may be personal data.
type FieldError struct {
	Field string
	Code  string
}

func (e *FieldError) Error() string { return fmt.Sprintf("invalid %s: %s", e.Field, e.Code) }

// Invalid returns a *FieldError for field with catalogue key code.
func Invalid(field, code string) error { return &FieldError{Field: field, Code: code} }

// AsFieldError unwraps err to a *FieldError if it is one.
func AsFieldError(err error) (*FieldError, bool) {
	var fe *FieldError
	ok := errors.As(err, &fe)
	return fe, ok
}
