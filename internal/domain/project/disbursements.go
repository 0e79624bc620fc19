package project

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// DisbursementStore keeps disbursements.
type DisbursementStore interface {
	CreateDisbursement(ctx context.Context, d Disbursement) error
	Disbursements(ctx context.Context, lineID string) ([]Disbursement, error)
	DisbursedTotal(ctx context.Context, lineID string) (int64, error)
}

// Disbursement is money paid out of a funding line (拨付), on a date,
// optionally citing a voucher document.
type Disbursement struct {
	ID            string
	FundingLineID string
	ProjectID     string
	Amount        int64
	Date          domain.Date
	DocumentID    string
	CreatedBy     string
	CreatedAt     time.Time
}

// DisbursementInput records a disbursement.
type DisbursementInput struct {
	Amount     *int64
	Date       *string
	DocumentID *string
}

// DocumentCheck answers whether a document belongs to a project (directly),
// for a disbursement's voucher.
type DocumentCheck func(ctx context.Context, documentID, projectID string) (bool, error)

// Disburse: a program manager pays out part of a committed line. The line's
// disbursements never exceed its amount (422 naming the excess); a tranche
// is paid only after its milestone is accepted; the line becomes disbursed
// when paid in full. Concurrent disbursements of a project are serialized.
func (s *Service) Disburse(ctx context.Context, a domain.Actor, lineID string, in DisbursementInput) (Disbursement, error) {
	var d Disbursement
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var l FundingLine
		p, err := s.lockedLine(ctx, a, lineID, nil, &l)
		if err != nil {
			return err
		}
		var pr domain.Problems
		if in.Amount == nil {
			pr.Add("amount", domain.CodeRequired)
		}
		pr.Money("amount", in.Amount, true)
		today := domain.Today(s.clock)
		date := today
		if d, ok := pr.PastDate("date", in.Date, today); ok {
			date = d
		}
		if in.DocumentID != nil && *in.DocumentID != "" {
			if ok, err := s.isProjectDocument(ctx, *in.DocumentID, p.ID); err != nil {
				return err
			} else if !ok {
				pr.Add("document_id", codeVoucher)
			}
		}
		if err := pr.Err(); err != nil {
			return err
		}
		switch l.Status {
		case FundingPlanned:
			return domain.Conflict(domain.Msg("commit the line before disbursing it", "请先将该资金条目设为已承诺，再拨付"))
		case FundingDisbursed:
			return domain.Conflict(domain.Msg("this line is disbursed in full", "该资金条目已全部拨付"))
		}
		paid := l
		if paid.Status, err = FundingMachine.Next(FundingDisburse, l.Status); err != nil {
			return err
		}
		if err := s.checkTranche(ctx, p, paid); err != nil {
			return err
		}
		done, err := s.repo.DisbursedTotal(ctx, l.ID)
		if err != nil {
			return err
		}
		if done+*in.Amount > l.Amount {
			return domain.Invalid(domain.Msg("more than the line holds", "拨付金额超出该资金条目"), domain.Problem("amount", codeOverLine,
				"excess", done+*in.Amount-l.Amount, "line", l.Amount, "disbursed", done))
		}
		now := s.clock.Now()
		d = Disbursement{ID: domain.NewID(), FundingLineID: l.ID, ProjectID: p.ID, Amount: *in.Amount, Date: date,
			CreatedBy: a.UserID, CreatedAt: now}
		if in.DocumentID != nil {
			d.DocumentID = *in.DocumentID
		}
		if err := s.repo.CreateDisbursement(ctx, d); err != nil {
			return err
		}
		if done+d.Amount == l.Amount {
			old := l
			l.Status, l.Version, l.UpdatedAt = paid.Status, l.Version+1, now
			if err := s.repo.UpdateFunding(ctx, l, old.Version); err != nil {
				return err
			}
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "funding.disburse", Entity: "funding_line", EntityID: l.ID,
			Changes: map[string]any{"project_id": p.ID, "disbursement_id": d.ID, "amount": d.Amount, "date": d.Date,
				"document_id": d.DocumentID, "disbursed": done + d.Amount}})
	})
	return d, err
}

// Disbursements lists a line's disbursements (program managers and admins).
func (s *Service) Disbursements(ctx context.Context, a domain.Actor, lineID string) ([]Disbursement, error) {
	l, err := s.repo.GetFunding(ctx, lineID)
	if domain.KindOf(err) == domain.KindNotFound {
		return nil, domain.NotFound(domain.Msg("funding line %s not found", "未找到资金 %s"), lineID)
	} else if err != nil {
		return nil, err
	}
	if _, _, err := s.load(ctx, a, l.ProjectID); err != nil {
		if domain.KindOf(err) == domain.KindNotFound {
			return nil, domain.NotFound(domain.Msg("funding line %s not found", "未找到资金 %s"), lineID)
		}
		return nil, err
	}
	return s.repo.Disbursements(ctx, lineID)
}

// isProjectDocument: the document is one of the project's own.
func (s *Service) isProjectDocument(ctx context.Context, documentID, projectID string) (bool, error) {
	if s.documents == nil {
		return false, nil
	}
	return s.documents(ctx, documentID, projectID)
}
