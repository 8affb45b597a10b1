package intake

import "crypto/rand"

// receiptAlphabet leaves out letters and digits that are easy to mistake
// for one another on a phone screen or read aloud (0/O, 1/I/L, 5/S, 8/B).
const receiptAlphabet = "ACDEFGHJKMNPQRTUVWXY234679"

// NewReceipt returns a receipt code like "K7QX-M2HP": 8 symbols from 26,
// about 2·10¹¹ codes, so a guessed code almost never exists; the store
// retries on the rare collision.
func NewReceipt() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	out := make([]byte, 0, 9)
	for i, x := range b {
		if i == 4 {
			out = append(out, '-')
		}
		// 256 % 26 = 22: a slight bias towards the first 22 symbols that
		// costs less than a bit of the code's 37.
		out = append(out, receiptAlphabet[int(x)%len(receiptAlphabet)])
	}
	return string(out)
}
