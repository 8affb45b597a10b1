package access

import (
	"golang.org/x/text/unicode/norm"

	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are the argon2id cost parameters of a password hash.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over memory
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultPasswordParams is the OWASP minimum recommendation for argon2id.
// Stored hashes with weaker parameters are reported by CheckPassword as
// needing a rehash.
var DefaultPasswordParams = PasswordParams{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// Sentinel errors. The web layer maps the ErrPassword* values to translated
// messages, so they stay plain and stable.
var (
	ErrMalformedHash    = errors.New("malformed password hash")
	ErrPasswordTooShort = errors.New("password is too short")
	ErrPasswordTooLong  = errors.New("password is too long")
	ErrPasswordInvalid  = errors.New("password contains invalid characters")
)

const (
	passwordMinRunes = 12
	// Argon2 pre-hashes the password, but an upper bound still keeps the
	// request cost predictable and stops absurd inputs early.
	passwordMaxBytes = 256

	// Bounds on parameters read from stored hashes: a tampered or corrupt
	// row must not be able to make a login allocate gigabytes or spin for
	// minutes.
	passwordMaxMemory = 1 << 20 // KiB, i.e. 1 GiB
	passwordMaxTime   = 100
	passwordMaxLen    = 1024 // salt and key bytes

	passwordAlgorithm = "argon2id"
	// Generous upper bound on a well-formed encoding (two 1024-byte fields
	// in base64 plus the header), checked before any parsing work.
	passwordMaxEncoded = 4096
)

// passwordB64 is the PHC string format's base64: standard alphabet, no
// padding. Strict rejects non-zero trailing bits.
var passwordB64 = base64.RawStdEncoding.Strict()

// HashPassword hashes password with DefaultPasswordParams and returns the
// PHC string encoding.
func HashPassword(password string) (string, error) {
	return HashPasswordWith(DefaultPasswordParams, password)
}

// HashPasswordWith hashes password with argon2id and the given parameters
// and returns the PHC string encoding
// ($argon2id$v=19$m=...,t=...,p=...$salt$key).
func HashPasswordWith(p PasswordParams, password string) (string, error) {
	if err := passwordCheckParams(p); err != nil {
		return "", fmt.Errorf("access: hash password: %w", err)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("access: hash password: read salt: %w", err)
	}
	key := argon2.IDKey(passwordBytes(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return passwordEncode(p, salt, key), nil
}

// CheckPassword reports whether password matches the PHC-encoded argon2id
// hash. needsRehash is true only for a match whose stored parameters are
// weaker than DefaultPasswordParams, so that the caller, who now holds the
// plain password, can store a fresh hash. A malformed encoding yields an
// error wrapping ErrMalformedHash; CheckPassword never panics.
func CheckPassword(encoded, password string) (ok, needsRehash bool, err error) {
	h, err := passwordParse(encoded)
	if err != nil {
		return false, false, err
	}
	key := argon2.IDKey(passwordBytes(password), h.salt, h.params.Time, h.params.Memory, h.params.Threads, h.params.KeyLen)
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	return true, passwordParamsWeaker(h.params, DefaultPasswordParams), nil
}

// ValidateNewPassword checks a password chosen by a user. It returns
// ErrPasswordTooLong, ErrPasswordInvalid or ErrPasswordTooShort, checked in
// that order so that the cheap length bound comes first.
func ValidateNewPassword(pw string) error {
	if len(pw) > passwordMaxBytes {
		return ErrPasswordTooLong
	}
	if !utf8.ValidString(pw) {
		return ErrPasswordInvalid
	}
	for _, r := range pw {
		if unicode.IsControl(r) {
			return ErrPasswordInvalid
		}
	}
	if utf8.RuneCountInString(pw) < passwordMinRunes {
		return ErrPasswordTooShort
	}
	return nil
}

// passwordDummyHash is a hash no password matches (its key is random), built
// once with the current default parameters. Building it needs no argon2 run,
// so even the first unknown-account login costs exactly one check.
var passwordDummyHash = sync.OnceValue(func() string {
	p := DefaultPasswordParams
	salt := make([]byte, p.SaltLen)
	key := make([]byte, p.KeyLen)
	// crypto/rand.Read never fails since Go 1.24.
	_, _ = rand.Read(salt)
	_, _ = rand.Read(key)
	return passwordEncode(p, salt, key)
})

// DummyPasswordCheck performs a password check against a dummy hash and
// discards the result. Call it when the account does not exist so that the
// response time does not reveal which e-mail addresses are registered.
func DummyPasswordCheck(password string) {
	_, _, _ = CheckPassword(passwordDummyHash(), password)
}

// passwordHash is a decoded PHC string.
type passwordHash struct {
	params PasswordParams
	salt   []byte
	key    []byte
}

func passwordEncode(p PasswordParams, salt, key []byte) string {
	return fmt.Sprintf("$%s$v=%d$m=%d,t=%d,p=%d$%s$%s",
		passwordAlgorithm, argon2.Version, p.Memory, p.Time, p.Threads,
		passwordB64.EncodeToString(salt), passwordB64.EncodeToString(key))
}

// passwordCheckParams rejects parameters that would make argon2 panic or
// consume unreasonable resources.
func passwordCheckParams(p PasswordParams) error {
	switch {
	case p.Time < 1 || p.Time > passwordMaxTime:
		return fmt.Errorf("time %d out of range", p.Time)
	case p.Threads < 1:
		return errors.New("threads must be at least 1")
	case p.Memory > passwordMaxMemory:
		return fmt.Errorf("memory %d KiB exceeds limit", p.Memory)
	case p.Memory < 8*uint32(p.Threads):
		// Argon2 requires at least 8 KiB per lane.
		return fmt.Errorf("memory %d KiB below 8 KiB per thread", p.Memory)
	case p.SaltLen < 1 || p.SaltLen > passwordMaxLen:
		return fmt.Errorf("salt length %d out of range", p.SaltLen)
	case p.KeyLen < 1 || p.KeyLen > passwordMaxLen:
		return fmt.Errorf("key length %d out of range", p.KeyLen)
	}
	return nil
}

// passwordParamsWeaker reports whether stored is weaker than want in any
// dimension. Threads are ignored: parallelism changes wall-clock time for
// the defender, not the total work for an attacker.
func passwordParamsWeaker(stored, want PasswordParams) bool {
	return stored.Memory < want.Memory ||
		stored.Time < want.Time ||
		stored.SaltLen < want.SaltLen ||
		stored.KeyLen < want.KeyLen
}

// passwordMalformed wraps ErrMalformedHash. The messages never quote the
// input: a hash must not end up in logs.
func passwordMalformed(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrMalformedHash, fmt.Sprintf(format, args...))
}

// passwordParse decodes a PHC argon2id string strictly.
func passwordParse(encoded string) (passwordHash, error) {
	var h passwordHash
	if len(encoded) > passwordMaxEncoded {
		return h, passwordMalformed("too long")
	}
	// "$argon2id$v=19$m=..,t=..,p=..$salt$key" splits into six fields, the
	// first one empty.
	fields := strings.Split(encoded, "$")
	if len(fields) != 6 || fields[0] != "" {
		return h, passwordMalformed("wrong number of fields")
	}
	if fields[1] != passwordAlgorithm {
		return h, passwordMalformed("unsupported algorithm")
	}
	version, err := passwordParseField(fields[2], "v=", 32)
	if err != nil {
		return h, passwordMalformed("version: %v", err)
	}
	if version != argon2.Version {
		return h, passwordMalformed("unsupported version")
	}

	params := strings.Split(fields[3], ",")
	if len(params) != 3 {
		return h, passwordMalformed("wrong number of parameters")
	}
	m, err := passwordParseField(params[0], "m=", 32)
	if err != nil {
		return h, passwordMalformed("memory: %v", err)
	}
	t, err := passwordParseField(params[1], "t=", 32)
	if err != nil {
		return h, passwordMalformed("time: %v", err)
	}
	p, err := passwordParseField(params[2], "p=", 8)
	if err != nil {
		return h, passwordMalformed("threads: %v", err)
	}

	// Bound the base64 fields before decoding them so that no large
	// allocation happens for garbage input.
	maxB64 := passwordB64.EncodedLen(passwordMaxLen)
	if len(fields[4]) > maxB64 || len(fields[5]) > maxB64 {
		return h, passwordMalformed("salt or key too long")
	}
	salt, err := passwordDecodeB64(fields[4])
	if err != nil {
		return h, passwordMalformed("salt: %v", err)
	}
	key, err := passwordDecodeB64(fields[5])
	if err != nil {
		return h, passwordMalformed("key: %v", err)
	}

	h.params = PasswordParams{
		Memory:  uint32(m),
		Time:    uint32(t),
		Threads: uint8(p),
		SaltLen: uint32(len(salt)),
		KeyLen:  uint32(len(key)),
	}
	if err := passwordCheckParams(h.params); err != nil {
		return passwordHash{}, passwordMalformed("%v", err)
	}
	h.salt, h.key = salt, key
	return h, nil
}

// passwordParseField parses "<prefix><decimal>" with no sign and no leading
// zeros, as the PHC format prescribes.
func passwordParseField(s, prefix string, bits int) (uint64, error) {
	digits, found := strings.CutPrefix(s, prefix)
	if !found {
		return 0, errors.New("missing " + prefix)
	}
	if digits == "" || (len(digits) > 1 && digits[0] == '0') {
		return 0, errors.New("not a canonical number")
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, errors.New("not a number")
		}
	}
	n, err := strconv.ParseUint(digits, 10, bits)
	if err != nil {
		return 0, errors.New("number out of range")
	}
	return n, nil
}

// passwordDecodeB64 decodes and insists on the canonical encoding: the
// standard decoder silently skips CR and LF, which a stored hash never
// legitimately contains.
func passwordDecodeB64(s string) ([]byte, error) {
	b, err := passwordB64.DecodeString(s)
	if err != nil {
		return nil, errors.New("invalid base64")
	}
	if passwordB64.EncodeToString(b) != s {
		return nil, errors.New("non-canonical base64")
	}
	return b, nil
}

// passwordBytes is what is hashed: the NFC form, so that "ä" typed as one
// code point on one keyboard and as "a" + combining diaeresis on another is
// the same password.
func passwordBytes(password string) []byte { return []byte(norm.NFC.String(password)) }
