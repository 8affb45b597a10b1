package access

import "net/url"

// TOTPURL is the otpauth:// URL an authenticator app reads from the QR code
// (the de facto "Key Uri Format": SHA1, 6 digits, 30 s).
func TOTPURL(issuer, account, secret string) string {
	q := url.Values{}
	q.Set("secret", secret)
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", "6")
	q.Set("period", "30")
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account, RawQuery: q.Encode()}
	return u.String()
}
