package org_test

import (
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/org"
)

func TestValidateCreditCode(t *testing.T) {
	tests := []struct {
		name    string
		code    string
		wantErr string // "" = valid
	}{
		// Published codes of real companies.
		{"valid Huawei", "91440300708461136T", ""},
		{"valid Tencent, letter check character", "9144030071526726XG", ""},
		{"valid check character 0", org.WithCheckChar("91330200MA2000010"), ""},
		{"valid generated", org.WithCheckChar("12330200MB0000003"), ""},
		{"wrong check character", "91440300708461136U", "check character"},
		{"wrong check character digit", "914403007084611361", "check character"},
		{"one digit changed", "91440300708461137T", "check character"},
		{"two digits swapped", "91440300708461163T", "check character"},
		{"too short", "9144030070846113T", "18 characters, this one has 17"},
		{"too long", "91440300708461136TX", "18 characters, this one has 19"},
		{"empty", "", "18 characters, this one has 0"},
		{"lowercase", "9144030071526726xg", "upper-case"},
		{"letter I not allowed", "91440300708461I36T", "not allowed"},
		{"letter O not allowed", "91440300708461O36T", "not allowed"},
		{"full-width digits", "９１４４０３００７０８４６１１３６Ｔ", "not allowed"},
		{"space inside", "914403007084 1136T", "not allowed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := org.ValidateCreditCode(tc.code)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ValidateCreditCode(%q) = %v, want valid", tc.code, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidateCreditCode(%q) = nil, want an error mentioning %q", tc.code, tc.wantErr)
			}
			if !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("ValidateCreditCode(%q) = %q, want it to mention %q", tc.code, err, tc.wantErr)
			}
		})
	}
}

func TestCreditCodeCheckCharCoversAlphabet(t *testing.T) {
	// Every one of the 31 check characters is reachable and round-trips.
	seen := map[byte]bool{}
	for i := 0; i < 2000 && len(seen) < 31; i++ {
		prefix := "91330200MA2" + strings.Repeat("0", 6-len(itoa(i))) + itoa(i)
		code := org.WithCheckChar(prefix)
		if err := org.ValidateCreditCode(code); err != nil {
			t.Fatalf("generated code %s does not validate: %v", code, err)
		}
		seen[code[17]] = true
	}
	if len(seen) != 31 {
		t.Fatalf("saw %d distinct check characters, want 31", len(seen))
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}

func TestDraftValidate(t *testing.T) {
	districts := func(id string) bool { return id == "haishu" }
	valid := org.Draft{Name: "宁波测试科技有限公司", Type: "enterprise", Tier: "tech_sme", CreditCode: "91440300708461136T", District: "haishu"}
	tests := []struct {
		name   string
		mutate func(d *org.Draft)
		fields []string
	}{
		{"valid enterprise", func(*org.Draft) {}, nil},
		{"valid foreign institute", func(d *org.Draft) {
			*d = org.Draft{Name: "Fraunhofer ILT", Type: "research_institute", Country: "DE"}
		}, nil},
		{"bad credit code", func(d *org.Draft) { d.CreditCode = "91440300708461136U" }, []string{"credit_code"}},
		{"missing credit code for a Chinese org", func(d *org.Draft) { d.CreditCode = "" }, []string{"credit_code"}},
		{"credit code on a foreign org", func(d *org.Draft) { d.Country = "DE"; d.District = "" }, []string{"credit_code"}},
		{"unknown type", func(d *org.Draft) { d.Type = "ngo"; d.Tier = "" }, []string{"type"}},
		{"enterprise without tier", func(d *org.Draft) { d.Tier = "" }, []string{"tier"}},
		{"tier on a university", func(d *org.Draft) { d.Type = "university" }, []string{"tier"}},
		{"unknown district", func(d *org.Draft) { d.District = "mars" }, []string{"district"}},
		{"bad country", func(d *org.Draft) { d.Country = "china" }, []string{"country"}},
		{"short name and bad tier", func(d *org.Draft) { d.Name = "x"; d.Tier = "giant" }, []string{"name", "tier"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := valid
			tc.mutate(&d)
			_, problems := d.Validate("", districts)
			var got []string
			for _, p := range problems {
				got = append(got, p.Field)
			}
			if strings.Join(got, ",") != strings.Join(tc.fields, ",") {
				t.Fatalf("fields with problems = %v, want %v (%v)", got, tc.fields, problems)
			}
		})
	}
}
