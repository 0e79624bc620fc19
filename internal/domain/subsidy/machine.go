package subsidy

import (
	"github.com/kcyj2035/portfolio/internal/domain"
)

// BatchStatus is where a batch is: draft → approved → published.
type BatchStatus string

const (
	BatchDraft     BatchStatus = "draft"
	BatchApproved  BatchStatus = "approved"
	BatchPublished BatchStatus = "published"
)

func BatchStatuses() []BatchStatus { return []BatchStatus{BatchDraft, BatchApproved, BatchPublished} }

// BatchAction is what a program manager does to a batch.
type BatchAction string

const (
	BatchApprove BatchAction = "approve"
	BatchPublish BatchAction = "publish"
	// BatchRecompute computes a draft again (it moves nothing).
	BatchRecompute BatchAction = "recompute"
)

// BatchMachine: a draft is approved (its year's declarations and policy are
// final from then on), an approved batch is published; a published batch is
// final. A draft is recomputed in place (no move).
var BatchMachine = domain.Machine[BatchAction, BatchStatus]{Entity: domain.Text{En: "subsidy batch", Zh: "补助批次"},
	Rows: map[BatchAction]domain.Transition[BatchStatus]{
		BatchApprove: {From: []BatchStatus{BatchDraft}, To: BatchApproved},
		BatchPublish: {From: []BatchStatus{BatchApproved}, To: BatchPublished},
	}}

var batchWords = map[BatchStatus]string{BatchDraft: "草稿", BatchApproved: "已审定", BatchPublished: "已公布"}

// Label is the status in lang (a batch's "published" is 已公布, not a challenge's 揭榜中).
func (s BatchStatus) Label(l domain.Lang) string {
	if w, ok := batchWords[s]; ok && l == domain.Chinese {
		return w
	}
	return string(s)
}
