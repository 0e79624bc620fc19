// Package document keeps the files the programme's work is carried by (附件):
// a bid's proposal, a challenge's specification, a gate's evidence, a trial
// report, an acceptance note, a change request's justification, a periodic
// report, a disbursement voucher. A document belongs to exactly one parent
// and is visible to exactly those who may see that parent: the parent's own
// service answers who may read it and who may add to it, so a sealed bid's
// documents are sealed by the same rule as the bid.
//
// The bytes live in object storage; the database keeps the metadata, written
// only after the bytes are stored, so there is never a row without bytes.
// Bytes without a row (an upload whose process died before the row was
// written, a document removed before its bytes) are swept later.
package document

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// ParentType names what a document belongs to.
type ParentType string

const (
	ParentChallenge           ParentType = "challenge"
	ParentBid                 ParentType = "bid"
	ParentProject             ParentType = "project"
	ParentChangeRequest       ParentType = "change_request"
	ParentReport              ParentType = "report"
	ParentScenarioApplication ParentType = "scenario_application"
)

// ParentTypes lists every parent type.
func ParentTypes() []ParentType {
	return []ParentType{ParentChallenge, ParentBid, ParentProject, ParentChangeRequest, ParentReport, ParentScenarioApplication}
}

// Kind says what a document is for.
type Kind string

const (
	KindProposal      Kind = "proposal"      // 申报书
	KindBudget        Kind = "budget"        // 预算表
	KindSpecification Kind = "specification" // 榜单技术要求
	KindEvidence      Kind = "evidence"      // 阶段评审材料
	KindTrialReport   Kind = "trial_report"  // 场景试验报告
	KindAcceptance    Kind = "acceptance"    // 验收意见
	KindJustification Kind = "justification" // 变更说明
	KindReport        Kind = "report"        // 报告
	KindVoucher       Kind = "voucher"       // 拨付凭证
	KindOther         Kind = "other"
)

// Kinds lists every kind.
func Kinds() []Kind {
	return []Kind{KindProposal, KindBudget, KindSpecification, KindEvidence, KindTrialReport, KindAcceptance,
		KindJustification, KindReport, KindVoucher, KindOther}
}

// Document is a file's metadata.
type Document struct {
	ID            string
	ParentType    ParentType
	ParentID      string
	Name          string // the file name as uploaded (Chinese allowed)
	MediaType     string // as detected from the content
	Size          int64
	SHA256        string // hex
	Kind          Kind
	StorageKey    string
	UploadedBy    string // user id
	UploaderOrgID string
	CreatedAt     time.Time
}

// ParentAccess answers for one parent whether the caller may read it (err:
// typically "not found") and, if so, whether it may add documents to it now
// (edit: nil, or why not — forbidden for the caller, a conflict for the
// parent's state). Each parent's own service answers, by its own rules.
type ParentAccess func(ctx context.Context, a domain.Actor, id string) (edit, err error)

// Repository stores documents' metadata.
type Repository interface {
	Create(ctx context.Context, d Document) error
	Get(ctx context.Context, id string) (Document, error)
	// List is a parent's documents, oldest first.
	List(ctx context.Context, t ParentType, parentID string) ([]Document, error)
	Count(ctx context.Context, t ParentType, parentID string) (int, error)
	Delete(ctx context.Context, id string) error
	// Existing answers which of the storage keys have a row.
	Existing(ctx context.Context, keys []string) (map[string]bool, error)
}

// ErrTooLarge is what Storage.Put returns past its limit.
var ErrTooLarge = errors.New("document: larger than the limit")

// Stored is what storing learned about the bytes on the way.
type Stored struct {
	Size   int64
	SHA256 string
}

// Content is a document's bytes, readable from any offset.
type Content interface {
	io.ReadSeekCloser
}

// Storage keeps the bytes.
type Storage interface {
	// Put streams r into key, at most limit bytes (ErrTooLarge past it,
	// leaving nothing stored).
	Put(ctx context.Context, key string, r io.Reader, mediaType string, limit int64) (Stored, error)
	Open(ctx context.Context, key string) (Content, error)
	Delete(ctx context.Context, key string) error
	// Keys lists the stored keys, oldest first where the store can tell.
	Keys(ctx context.Context) ([]string, error)
}
