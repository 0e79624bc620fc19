package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

type disbursementRow struct {
	ID            string `gorm:"primaryKey"`
	FundingLineID string
	ProjectID     string
	Amount        int64
	Date          domain.Date
	DocumentID    *string
	CreatedBy     string
	CreatedAt     time.Time
}

func (disbursementRow) TableName() string { return "disbursements" }

func (r disbursementRow) domain() project.Disbursement {
	return project.Disbursement{ID: r.ID, FundingLineID: r.FundingLineID, ProjectID: r.ProjectID, Amount: r.Amount, Date: r.Date,
		DocumentID: deref(r.DocumentID), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
}

func (s *Projects) CreateDisbursement(ctx context.Context, d project.Disbursement) error {
	row := disbursementRow{ID: d.ID, FundingLineID: d.FundingLineID, ProjectID: d.ProjectID, Amount: d.Amount, Date: d.Date,
		DocumentID: nullable(d.DocumentID), CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) Disbursements(ctx context.Context, lineID string) ([]project.Disbursement, error) {
	var rows []disbursementRow
	if err := s.db.conn(ctx).Where("funding_line_id = ?", lineID).Order("id").Limit(1000).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return mapRows(rows, disbursementRow.domain), nil
}

func (s *Projects) DisbursedTotal(ctx context.Context, lineID string) (int64, error) {
	var total int64
	err := s.db.conn(ctx).Model(&disbursementRow{}).Where("funding_line_id = ?", lineID).Select("COALESCE(SUM(amount), 0)").Scan(&total).Error
	return total, translate(err)
}
