package org

import (
	"fmt"
	"strings"
)

// The 31 characters a unified social credit code (统一社会信用代码) may use:
// digits and upper-case letters without I, O, Z, S and V (GB 32100-2015).
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditCodeWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCodeCheckChar computes the 18th character for the first 17.
func CreditCodeCheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("need 17 characters, got %d", len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditCodeAlphabet, first17[i])
		if v < 0 {
			return 0, fmt.Errorf("character %d (%q) is not allowed", i+1, first17[i])
		}
		sum += v * creditCodeWeights[i]
	}
	c := (31 - sum%31) % 31
	return creditCodeAlphabet[c], nil
}

// ValidateCreditCode checks length, alphabet and the check character of a
// unified social credit code. The message says what is wrong, for a person.
func ValidateCreditCode(code string) error {
	if n := len([]rune(code)); n != 18 {
		return fmt.Errorf("a unified social credit code has 18 characters, this one has %d", n)
	}
	if code != strings.ToUpper(code) {
		return fmt.Errorf("a unified social credit code uses upper-case letters only")
	}
	for i, r := range code {
		if !strings.ContainsRune(creditCodeAlphabet, r) {
			return fmt.Errorf("character %d (%q) is not allowed in a unified social credit code (no I, O, Z, S or V)", i+1, r)
		}
	}
	want, _ := CreditCodeCheckChar(code[:17])
	if code[17] != want {
		return fmt.Errorf("the check character of this unified social credit code is wrong (GB 32100-2015): the code is mistyped")
	}
	return nil
}

// WithCheckChar completes a 17-character prefix into a valid code; it panics
// on a bad prefix (for fixtures and demo data, not for user input).
func WithCheckChar(first17 string) string {
	c, err := CreditCodeCheckChar(first17)
	if err != nil {
		panic(err)
	}
	return first17 + string(c)
}
