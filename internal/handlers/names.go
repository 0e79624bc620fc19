package handlers

import (
	"context"

	"github.com/labstack/echo/v4"
)

// Pages show organizations by name, and a page must not look up each name it
// shows. A DTO that refers to organizations by id lists those references with
// the field each name goes in (orgRefs); reply, replyPage and replyItems then
// fill every name of a response from one query, however many items it has.

// orgRef is an organization's id and where its name goes.
type orgRef struct {
	id   string
	name *string
}

// orgNamed is a DTO (as a pointer) that names organizations.
type orgNamed interface{ orgRefs() []orgRef }

// OrgNamer names organizations by id in one query.
type OrgNamer interface {
	Names(ctx context.Context, ids []string) (map[string]string, error)
}

const namerKey = "orgNamer"

// withNamer gives the reply adapters the organization namer.
func withNamer(n OrgNamer) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(namerKey, n)
			return next(c)
		}
	}
}

// nameOrgs fills the organization names of dtos (one query for all of them).
// DTOs that name no organization cost nothing.
func nameOrgs[DTO any](c echo.Context, dtos []DTO) error {
	var refs []orgRef
	for i := range dtos {
		if n, ok := any(&dtos[i]).(orgNamed); ok {
			refs = append(refs, n.orgRefs()...)
		}
	}
	namer, _ := c.Get(namerKey).(OrgNamer)
	if len(refs) == 0 || namer == nil {
		return nil
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.id
	}
	names, err := namer.Names(ctxOf(c), ids)
	if err != nil {
		return err
	}
	for _, r := range refs {
		*r.name = names[r.id]
	}
	return nil
}

// The DTOs that name organizations.

func (d *ProjectSummaryDTO) orgRefs() []orgRef { return []orgRef{{d.LeadID, &d.LeadName}} }

func (d *ProjectDTO) orgRefs() []orgRef {
	refs := d.ProjectSummaryDTO.orgRefs()
	for i := range d.Members {
		refs = append(refs, d.Members[i].orgRefs()...)
	}
	for i := range d.Funding {
		refs = append(refs, d.Funding[i].orgRefs()...)
	}
	return refs
}

func (d *ProjectMemberDTO) orgRefs() []orgRef {
	return []orgRef{{d.OrganizationID, &d.OrganizationName}}
}

func (d *FundingLineDTO) orgRefs() []orgRef {
	if d.InvestorID == "" {
		return nil
	}
	return []orgRef{{d.InvestorID, &d.InvestorName}}
}

func (d *ConsortiumDTO) orgRefs() []orgRef { return []orgRef{{d.LeadID, &d.LeadName}} }

func (d *MembershipDTO) orgRefs() []orgRef {
	return []orgRef{{d.OrganizationID, &d.OrganizationName}}
}

func (d *ScenarioDTO) orgRefs() []orgRef { return []orgRef{{d.ProviderID, &d.ProviderName}} }

func (d *ApplicationDTO) orgRefs() []orgRef {
	if d.ProjectLeadID == "" {
		return nil
	}
	return []orgRef{{d.ProjectLeadID, &d.ProjectLeadName}}
}

func (d *RankedBidDTO) orgRefs() []orgRef {
	return []orgRef{{d.OrganizationID, &d.OrganizationName}}
}

func (d *UserDTO) orgRefs() []orgRef {
	if d.OrganizationID == "" {
		return nil
	}
	return []orgRef{{d.OrganizationID, &d.OrganizationName}}
}

func (d *BidDTO) orgRefs() []orgRef {
	refs := []orgRef{{d.OrganizationID, &d.OrganizationName}}
	d.PartnerNames = make([]string, len(d.PartnerIDs))
	for i, id := range d.PartnerIDs {
		refs = append(refs, orgRef{id, &d.PartnerNames[i]})
	}
	return refs
}

func (d *OwnBidDTO) orgRefs() []orgRef { return d.BidDTO.orgRefs() }

func (d *ConfirmResponse) orgRefs() []orgRef {
	refs := d.Project.orgRefs()
	for i := range d.Projects {
		refs = append(refs, d.Projects[i].orgRefs()...)
	}
	return refs
}

func (d *ReviewTaskDTO) orgRefs() []orgRef {
	var refs []orgRef
	for i := range d.Bids {
		refs = append(refs, d.Bids[i].orgRefs()...)
	}
	return refs
}
