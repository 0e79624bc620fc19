package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

type memberRow struct {
	ProjectID      string `gorm:"primaryKey"`
	OrganizationID string `gorm:"primaryKey"`
	Role           string
	CreatedAt      time.Time
}

func (memberRow) TableName() string { return "project_members" }

func (s *Projects) Members(ctx context.Context, id string) ([]project.Member, error) {
	var rows []memberRow
	if err := s.db.conn(ctx).Where("project_id = ?", id).Order("created_at, organization_id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.Member, len(rows))
	for i, r := range rows {
		out[i] = project.Member{OrganizationID: r.OrganizationID, Role: project.MemberRole(r.Role), CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}

func (s *Projects) IsMember(ctx context.Context, projectID, orgID string) (bool, error) {
	var n int64
	err := s.db.conn(ctx).Model(&memberRow{}).Where("project_id = ? AND organization_id = ?", projectID, orgID).Count(&n).Error
	return n > 0, translate(err)
}

func (s *Projects) AddMember(ctx context.Context, projectID string, m project.Member) error {
	row := memberRow{ProjectID: projectID, OrganizationID: m.OrganizationID, Role: string(m.Role), CreatedAt: m.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) RemoveMember(ctx context.Context, projectID, orgID string) error {
	res := s.db.conn(ctx).Where("project_id = ? AND organization_id = ? AND role <> ?", projectID, orgID, string(project.RoleLead)).
		Delete(&memberRow{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Conflict(domain.Msg("the organization is no longer a member", "该单位已不是项目成员"))
	}
	return nil
}
