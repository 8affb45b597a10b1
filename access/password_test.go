package access

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

// passwordTestParams keeps argon2 cheap where the cost is not under test.
var passwordTestParams = PasswordParams{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashPasswordDefaultsPHC(t *testing.T) {
	enc, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)
	if !re.MatchString(enc) {
		t.Fatalf("not a PHC argon2id string with default params: %q", enc)
	}
	ok, rehash, err := CheckPassword(enc, "correct horse battery staple")
	if err != nil || !ok || rehash {
		t.Fatalf("CheckPassword = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
}

func TestCheckPasswordRoundTrip(t *testing.T) {
	tests := []struct {
		name, stored, given string
		want                bool
	}{
		{"match", "sala sana 12345", "sala sana 12345", true},
		{"wrong", "sala sana 12345", "sala sana 12346", false},
		{"case differs", "Sala sana 12345", "sala sana 12345", false},
		{"prefix", "sala sana 12345", "sala sana 1234", false},
		{"empty given", "sala sana 12345", "", false},
		{"unicode", "pääsy kielletty ✓ 😀", "pääsy kielletty ✓ 😀", true},
		{"unicode wrong", "pääsy kielletty ✓ 😀", "paasy kielletty ✓ 😀", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc, err := HashPasswordWith(passwordTestParams, tt.stored)
			if err != nil {
				t.Fatal(err)
			}
			ok, _, err := CheckPassword(enc, tt.given)
			if err != nil {
				t.Fatal(err)
			}
			if ok != tt.want {
				t.Errorf("CheckPassword ok = %v, want %v", ok, tt.want)
			}
		})
	}
}

func TestHashPasswordSaltsDiffer(t *testing.T) {
	a, err := HashPasswordWith(passwordTestParams, "same password here")
	if err != nil {
		t.Fatal(err)
	}
	b, err := HashPasswordWith(passwordTestParams, "same password here")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Fatal("two hashes of the same password are identical; salt not random")
	}
}

func TestHashPasswordWithRejectsBadParams(t *testing.T) {
	bad := []PasswordParams{
		{Memory: 64, Time: 0, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 101, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 0, SaltLen: 16, KeyLen: 32},
		{Memory: 1<<20 + 1, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
		{Memory: 15, Time: 1, Threads: 2, SaltLen: 16, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 0, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 0},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 1025, KeyLen: 32},
		{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 1025},
	}
	for _, p := range bad {
		if enc, err := HashPasswordWith(p, "whatever password"); err == nil {
			t.Errorf("HashPasswordWith(%+v) = %q, want error", p, enc)
		}
	}
}

func TestCheckPasswordNeedsRehash(t *testing.T) {
	enc, err := HashPasswordWith(passwordTestParams, "vanha salasana 1")
	if err != nil {
		t.Fatal(err)
	}
	ok, rehash, err := CheckPassword(enc, "vanha salasana 1")
	if err != nil || !ok || !rehash {
		t.Fatalf("weak hash: CheckPassword = %v, %v, %v; want true, true, nil", ok, rehash, err)
	}
	// A wrong password never asks for a rehash: the caller lacks the
	// plain password to do it with.
	ok, rehash, err = CheckPassword(enc, "wrong password 1")
	if err != nil || ok || rehash {
		t.Fatalf("wrong password: CheckPassword = %v, %v, %v; want false, false, nil", ok, rehash, err)
	}
}

func TestPasswordParamsWeaker(t *testing.T) {
	d := PasswordParams{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}
	tests := []struct {
		name string
		p    PasswordParams
		want bool
	}{
		{"equal", d, false},
		{"stronger everywhere", PasswordParams{Memory: 65536, Time: 3, Threads: 4, SaltLen: 32, KeyLen: 64}, false},
		{"more threads only", PasswordParams{Memory: 19456, Time: 2, Threads: 4, SaltLen: 16, KeyLen: 32}, false},
		{"less memory", PasswordParams{Memory: 19455, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"fewer passes", PasswordParams{Memory: 65536, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, true},
		{"shorter salt", PasswordParams{Memory: 19456, Time: 2, Threads: 1, SaltLen: 8, KeyLen: 32}, true},
		{"shorter key", PasswordParams{Memory: 19456, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 16}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := passwordParamsWeaker(tt.p, d); got != tt.want {
				t.Errorf("passwordParamsWeaker(%+v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

// passwordTestB64 encodes n bytes of zeros in the PHC base64 form.
func passwordTestB64(n int) string {
	return passwordB64.EncodeToString(make([]byte, n))
}

func TestCheckPasswordMalformed(t *testing.T) {
	salt, key := passwordTestB64(16), passwordTestB64(32)
	good := "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key
	// Sanity check: the template itself parses, so each case below fails
	// for the reason it names.
	if _, err := passwordParse(good); err != nil {
		t.Fatalf("template does not parse: %v", err)
	}
	cases := map[string]string{
		"empty":              "",
		"dollar":             "$",
		"plain text":         "hunter2",
		"bcrypt":             "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy",
		"argon2i":            "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"argon2d":            "$argon2d$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"uppercase alg":      "$ARGON2ID$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"no leading dollar":  "argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + key,
		"missing version":    "$argon2id$m=64,t=1,p=1$" + salt + "$" + key,
		"version 16":         "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key,
		"version garbage":    "$argon2id$v=19x$m=64,t=1,p=1$" + salt + "$" + key,
		"version empty":      "$argon2id$v=$m=64,t=1,p=1$" + salt + "$" + key,
		"params reordered":   "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key,
		"params missing":     "$argon2id$v=19$m=64,t=1$" + salt + "$" + key,
		"params extra":       "$argon2id$v=19$m=64,t=1,p=1,k=2$" + salt + "$" + key,
		"params spaces":      "$argon2id$v=19$m=64, t=1, p=1$" + salt + "$" + key,
		"memory text":        "$argon2id$v=19$m=abc,t=1,p=1$" + salt + "$" + key,
		"memory negative":    "$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + key,
		"memory plus":        "$argon2id$v=19$m=+64,t=1,p=1$" + salt + "$" + key,
		"memory leading 0":   "$argon2id$v=19$m=064,t=1,p=1$" + salt + "$" + key,
		"memory overflow":    "$argon2id$v=19$m=99999999999999999999,t=1,p=1$" + salt + "$" + key,
		"memory over 1GiB":   "$argon2id$v=19$m=1048577,t=1,p=1$" + salt + "$" + key,
		"memory max uint32":  "$argon2id$v=19$m=4294967295,t=1,p=1$" + salt + "$" + key,
		"memory below lanes": "$argon2id$v=19$m=8,t=1,p=2$" + salt + "$" + key,
		"time zero":          "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key,
		"time 101":           "$argon2id$v=19$m=64,t=101,p=1$" + salt + "$" + key,
		"threads zero":       "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + key,
		"threads 256":        "$argon2id$v=19$m=4096,t=1,p=256$" + salt + "$" + key,
		"salt empty":         "$argon2id$v=19$m=64,t=1,p=1$$" + key,
		"key empty":          "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$",
		"salt padded":        "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + key,
		"salt bad char":      "$argon2id$v=19$m=64,t=1,p=1$" + salt[:21] + "!$" + key,
		"salt url alphabet":  "$argon2id$v=19$m=64,t=1,p=1$____________________$" + key,
		"salt newline":       "$argon2id$v=19$m=64,t=1,p=1$" + salt[:10] + "\n" + salt[10:] + "$" + key,
		"salt trailing bits": "$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAB$" + key,
		"salt 1025 bytes":    "$argon2id$v=19$m=64,t=1,p=1$" + passwordTestB64(1025) + "$" + key,
		"key 1025 bytes":     "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + passwordTestB64(1025),
		"huge field":         "$argon2id$v=19$m=64,t=1,p=1$" + strings.Repeat("A", 100000) + "$" + key,
		"trailing dollar":    good + "$",
		"extra field":        good + "$AAAA",
		"trailing space":     good + " ",
		"leading space":      " " + good,
		"nul byte":           good[:20] + "\x00" + good[20:],
		"invalid utf8":       "$argon2id$v=19$m=64,t=1,p=1$\xff\xfe$" + key,
		"only dollars":       "$$$$$",
	}
	for name, enc := range cases {
		t.Run(name, func(t *testing.T) {
			ok, rehash, err := CheckPassword(enc, "password")
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("err = %v, want ErrMalformedHash", err)
			}
			if ok || rehash {
				t.Fatalf("ok, rehash = %v, %v for malformed hash", ok, rehash)
			}
			if strings.Contains(err.Error(), salt) {
				t.Errorf("error message quotes the hash: %v", err)
			}
		})
	}
}

func TestValidateNewPassword(t *testing.T) {
	tests := []struct {
		name, pw string
		want     error
	}{
		{"empty", "", ErrPasswordTooShort},
		{"11 runes", "abcdefghijk", ErrPasswordTooShort},
		{"12 runes", "abcdefghijkl", nil},
		{"12 multibyte runes", "ääääääääääää", nil},
		{"11 multibyte runes", "äääääääääää", ErrPasswordTooShort},
		{"emoji and spaces", "😀 salasana 😀 ", nil},
		{"256 bytes", strings.Repeat("a", 256), nil},
		{"257 bytes", strings.Repeat("a", 257), ErrPasswordTooLong},
		{"129 two-byte runes", strings.Repeat("ä", 129), ErrPasswordTooLong},
		{"invalid utf8", "abcdefghijkl\xff", ErrPasswordInvalid},
		{"nul", "abcdefghijkl\x00", ErrPasswordInvalid},
		{"newline", "abcdefghijkl\n", ErrPasswordInvalid},
		{"tab", "abcdef\tghijkl", ErrPasswordInvalid},
		{"del", "abcdefghijkl\x7f", ErrPasswordInvalid},
		{"c1 control", "abcdefghijkl\u0085", ErrPasswordInvalid},
		{"short and invalid", "ab\x01", ErrPasswordInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := ValidateNewPassword(tt.pw); err != tt.want {
				t.Errorf("ValidateNewPassword = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDummyPasswordCheck(t *testing.T) {
	// The dummy hash must parse with the default parameters; otherwise
	// CheckPassword would return early and the timing defence would be void.
	dummy := passwordDummyHash()
	h, err := passwordParse(dummy)
	if err != nil {
		t.Fatalf("dummy hash does not parse: %v", err)
	}
	if h.params != DefaultPasswordParams {
		t.Fatalf("dummy hash params = %+v, want %+v", h.params, DefaultPasswordParams)
	}
	if again := passwordDummyHash(); again != dummy {
		t.Fatal("dummy hash is not computed once")
	}
	DummyPasswordCheck("any password at all")
}

func FuzzCheckPassword(f *testing.F) {
	good, err := HashPasswordWith(passwordTestParams, "fuzz seed password")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, "fuzz seed password")
	f.Add(good, "")
	f.Add("", "")
	f.Add("$argon2id$v=19$m=64,t=0,p=1$AAAA$AAAA", "x")
	f.Add("$argon2id$v=19$m=64,t=1,p=0$AAAA$AAAA", "x")
	f.Add("$argon2id$v=19$m=4294967295,t=1,p=1$AAAA$AAAA", "x")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$", "x")
	f.Add("$$$$$", "x")
	f.Fuzz(func(t *testing.T, enc, pw string) {
		// Keep fuzzing fast: valid but expensive parameters are not what
		// this target explores.
		if h, err := passwordParse(enc); err == nil && uint64(h.params.Memory)*uint64(h.params.Time) > 1<<12 {
			t.Skip()
		}
		ok, rehash, err := CheckPassword(enc, pw)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("error %v does not wrap ErrMalformedHash", err)
			}
			if ok || rehash {
				t.Fatal("ok or rehash set together with an error")
			}
		}
		if rehash && !ok {
			t.Fatal("rehash without a match")
		}
	})
}

func TestPasswordUnicodeNormalisation(t *testing.T) {
	// "Pääsy" typed with precomposed ä (NFC) and with a + combining diaeresis (NFD).
	nfc, nfd := "Pääsy-salasana-1", "Pa\u0308a\u0308sy-salasana-1"
	if nfc == nfd {
		t.Fatal("test strings must differ as bytes")
	}
	hash, err := HashPasswordWith(passwordTestParams, nfd)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := CheckPassword(hash, nfc); err != nil || !ok {
		t.Fatalf("NFC form of an NFD password: ok=%v err=%v", ok, err)
	}
	if ok, _, _ := CheckPassword(hash, "Paasy-salasana-1"); ok {
		t.Fatal("a password without the diaeresis must not match")
	}
}
