package org

import (
	"fmt"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
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

// The problems a credit code can have.
var (
	codeCreditCodeLength = domain.NewCode("credit_code.length", "a unified social credit code has 18 characters, this one has {length}", "统一社会信用代码为 18 位，此代码为 {length} 位")
	codeCreditCodeUpper  = domain.NewCode("credit_code.upper_case", "a unified social credit code uses upper-case letters only", "统一社会信用代码只用大写字母")
	codeCreditCodeChar   = domain.NewCode("credit_code.character", "character {position} ({char}) is not allowed in a unified social credit code (no I, O, Z, S or V)", "第 {position} 位字符「{char}」不能用于统一社会信用代码（不含 I、O、Z、S、V）")
	codeCreditCodeCheck  = domain.NewCode("credit_code.check", "the check character of this unified social credit code is wrong (GB 32100-2015): the code is mistyped", "统一社会信用代码校验位不符（GB 32100-2015），请核对是否输错")
)

// ValidateCreditCode checks length, alphabet and the check character of a
// unified social credit code. The message says what is wrong, for a person.
func ValidateCreditCode(code string) error {
	if n := len([]rune(code)); n != 18 {
		return domain.Coded(codeCreditCodeLength, "length", n)
	}
	if code != strings.ToUpper(code) {
		return domain.Coded(codeCreditCodeUpper)
	}
	for i, r := range code {
		if !strings.ContainsRune(creditCodeAlphabet, r) {
			return domain.Coded(codeCreditCodeChar, "position", i+1, "char", string(r))
		}
	}
	want, _ := CreditCodeCheckChar(code[:17])
	if code[17] != want {
		return domain.Coded(codeCreditCodeCheck)
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
