// Package seed loads the demo data: the organizations named in the program's
// source documents and one account per role, all through the domain services
// so that every row has its audit record.
package seed

import (
	"context"
	"fmt"

	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/auth"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// DemoPassword is the password of every demo account (listed in the README).
const DemoPassword = "Demo@2035yj"

// DemoOrg is one demo organization and, optionally, its demo account.
type DemoOrg struct {
	Key      string
	Draft    org.Draft
	Verified bool
	Email    string
	Role     domain.Role
	Person   string
}

func code(seq int) string { return org.WithCheckChar(fmt.Sprintf("91330200MA2%06d", seq)) }

// DemoOrgs are the organizations of the demo.
func DemoOrgs() []DemoOrg {
	d := func(name, typ, tier, credit, country, district string) org.Draft {
		return org.Draft{Name: name, Type: typ, Tier: tier, CreditCode: credit, Country: country, District: district}
	}
	return []DemoOrg{
		{Key: "bureau", Draft: d("宁波市科学技术局", "government", "", org.WithCheckChar("11330200MB0000002"), "CN", "haishu"),
			Verified: true, Email: "pm@demo.kcyj2035.cn", Role: domain.RoleProgramManager, Person: "王立题"},
		{Key: "geely", Draft: d("吉利汽车研究院（宁波）有限公司", "enterprise", "leader", code(1), "CN", "hitech_zone"),
			Verified: true, Email: "geely@demo.kcyj2035.cn", Role: domain.RoleEnterprise, Person: "李出题"},
		{Key: "orient", Draft: d("宁波东方电缆股份有限公司", "enterprise", "leader", code(2), "CN", "beilun"),
			Verified: true, Email: "orient@demo.kcyj2035.cn", Role: domain.RoleEnterprise, Person: "夏海缆"},
		{Key: "joyson", Draft: d("宁波均胜电子股份有限公司", "enterprise", "high_tech", code(3), "CN", "hitech_zone"),
			Verified: true, Email: "joyson@demo.kcyj2035.cn", Role: domain.RoleEnterprise, Person: "王均胜"},
		{Key: "nbu", Draft: d("宁波大学", "university", "", org.WithCheckChar("12330200MB0000003"), "CN", "jiangbei"),
			Verified: true, Email: "nbu@demo.kcyj2035.cn", Role: domain.RoleInstitute, Person: "陈破题"},
		{Key: "yjlab", Draft: d("甬江实验室", "research_institute", "", org.WithCheckChar("12330200MB0000004"), "CN", "zhenhai"),
			Verified: true, Email: "yjlab@demo.kcyj2035.cn", Role: domain.RoleInstitute, Person: "周材料"},
		{Key: "nimte", Draft: d("中国科学院宁波材料技术与工程研究所", "research_institute", "", org.WithCheckChar("12330200MB0000005"), "CN", "zhenhai"),
			Verified: true, Email: "nimte@demo.kcyj2035.cn", Role: domain.RoleInstitute, Person: "刘双突"},
		{Key: "nwpu", Draft: d("西北工业大学宁波研究院", "research_institute", "", org.WithCheckChar("12330200MB0000006"), "CN", "yinzhou"),
			Verified: true, Email: "expert1@demo.kcyj2035.cn", Role: domain.RoleExpert, Person: "赵评审"},
		{Key: "tju", Draft: d("天津大学浙江研究院", "research_institute", "", org.WithCheckChar("12330200MB0000007"), "CN", "yinzhou"),
			Verified: true, Email: "expert2@demo.kcyj2035.cn", Role: domain.RoleExpert, Person: "钱评审"},
		{Key: "eitech", Draft: d("宁波东方理工大学", "university", "", org.WithCheckChar("12330200MB0000008"), "CN", "zhenhai"),
			Verified: true, Email: "expert3@demo.kcyj2035.cn", Role: domain.RoleExpert, Person: "孙评审"},
		{Key: "fraunhofer", Draft: d("Fraunhofer Institute for Laser Technology ILT", "research_institute", "", "", "DE", ""),
			Verified: true, Email: "ilt@demo.kcyj2035.cn", Role: domain.RoleInstitute, Person: "Anna Weber"},
		{Key: "angel", Draft: d("宁波市天使投资引导基金", "financial", "", code(4), "CN", "yinzhou"),
			Verified: true, Email: "fund@demo.kcyj2035.cn", Role: domain.RoleEnterprise, Person: "郑投资"},
		{Key: "pending", Draft: d("宁波智造未来科技有限公司", "enterprise", "tech_sme", code(5), "CN", "cixi"),
			Verified: false, Email: "newco@demo.kcyj2035.cn", Role: domain.RoleEnterprise, Person: "吴新创"},
	}
}

// AdminEmail is the demo admin account.
const AdminEmail = "admin@demo.kcyj2035.cn"

// Demo loads the demo data unless it is there already; it reports whether it loaded.
func Demo(ctx context.Context, a *app.App) (bool, error) {
	if _, err := a.DB.Users().GetByEmail(ctx, AdminEmail); err == nil {
		return false, nil
	} else if domain.KindOf(err) != domain.KindNotFound {
		return false, err
	}
	sys := domain.System()
	orgIDs := map[string]string{}
	users := map[string]domain.Actor{}
	// Every demo account has the published demo password: hashed once (at the
	// configured cost), not once per account — at cost 12 that was most of a
	// first start. Real accounts are hashed one by one, each with its own salt.
	demoHash, err := auth.Bcrypt{Cost: a.Options.BcryptCost}.Hash(DemoPassword)
	if err != nil {
		return false, err
	}
	err = a.DB.InTx(ctx, func(ctx context.Context) error {
		for _, d := range DemoOrgs() {
			status := org.StatusPending
			if d.Verified {
				status = org.StatusVerified
			}
			o, err := a.Orgs.Create(ctx, sys, d.Draft, status)
			if err != nil {
				return fmt.Errorf("demo organization %s: %w", d.Key, err)
			}
			orgIDs[d.Key] = o.ID
			if d.Email == "" {
				continue
			}
			u, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: d.Email, Password: DemoPassword, PasswordHash: demoHash,
				Name: d.Person, Role: string(d.Role), OrganizationID: o.ID})
			if err != nil {
				return fmt.Errorf("demo user %s: %w", d.Email, err)
			}
			key := d.Key
			if d.Key == "bureau" {
				key = "pm"
			} else if d.Key == "fraunhofer" {
				key = "ilt"
			}
			users[key] = domain.Actor{UserID: u.ID, OrgID: o.ID, Role: u.Role}
		}
		if _, err := a.Accounts.CreateUser(ctx, sys, account.NewUser{Email: AdminEmail, Password: DemoPassword, PasswordHash: demoHash,
			Name: "平台管理员", Role: string(domain.RoleAdmin), OrganizationID: orgIDs["bureau"]}); err != nil {
			return err
		}
		if err := challengesAt(ctx, a, orgIDs, users, a.Clock.Now()); err != nil {
			return err
		}
		if err := projectsAt(ctx, a, users, orgIDs, a.Clock.Now()); err != nil {
			return err
		}
		if err := consortiaAt(ctx, a, users, orgIDs, a.Clock.Now()); err != nil {
			return err
		}
		if err := fieldsAt(ctx, a, users, orgIDs); err != nil {
			return err
		}
		return subsidiesAt(ctx, a, users, a.Clock.Now().In(domain.Beijing).Year())
	})
	return err == nil, err
}
