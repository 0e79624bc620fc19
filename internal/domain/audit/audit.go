// Package audit owns the tamper-evident audit trail: every change, and every
// denied attempt, is one Record; records form a hash chain that anyone can
// recompute to prove none was altered or removed.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// GenesisHash is the "previous hash" of the first record.
const GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000"

// A record of something that lives under another aggregate (a document
// under a bid) names that parent in its changes under these keys: the trail
// then hides the record wherever it hides the parent (a sealed bid, another
// organization's draft challenge), whichever entity the record names.
const (
	ParentTypeKey = "parent_type"
	ParentIDKey   = "parent_id"
)

// Entry is what a service says about a change it makes.
type Entry struct {
	Action   string // e.g. "organization.verify"
	Entity   string // e.g. "organization"
	EntityID string
	Changes  any // marshalled to JSON; nil for none
}

// Record is one entry of the trail. It is written unsealed (ID set, Seq 0, no
// hashes) in the transaction of the change it records; the chainer then seals
// it: Seq is its gap-free position in the chain, PrevHash and Hash link it.
type Record struct {
	ID         int64 // insertion order; unique, may have gaps
	Seq        int64 // chain position, 1, 2, 3 …; 0 while unsealed
	OccurredAt time.Time
	ActorID    string
	ActorRole  string
	ActorOrg   string
	Action     string
	Entity     string
	EntityID   string
	ClientIP   string
	RequestID  string
	Changes    string // JSON text, hashed byte for byte as stored
	PrevHash   string
	Hash       string

	// Read with the listing for people to read; not part of the record (nor its hash).
	ActorName, ActorOrgName string
}

// Sealed tells whether the chainer has linked the record yet.
func (r Record) Sealed() bool { return r.Seq > 0 }

// NewRecord turns an entry by an actor at a time into an unsealed record.
func NewRecord(actor domain.Actor, at time.Time, e Entry) (Record, error) {
	changes := "{}"
	if e.Changes != nil {
		b, err := json.Marshal(e.Changes)
		if err != nil {
			return Record{}, fmt.Errorf("audit: marshal changes of %s: %w", e.Action, err)
		}
		changes = string(b)
	}
	return Record{
		// PostgreSQL keeps microseconds: hash what the database will give back.
		OccurredAt: at.UTC().Truncate(time.Microsecond),
		ActorID:    actor.UserID,
		ActorRole:  string(actor.Role),
		ActorOrg:   actor.OrgID,
		Action:     e.Action,
		Entity:     e.Entity,
		EntityID:   e.EntityID,
		ClientIP:   actor.Origin.IP,
		RequestID:  actor.Origin.RequestID,
		Changes:    changes,
	}, nil
}

// Seal links the record after the previous one: it sets Seq, PrevHash and Hash.
func (r *Record) Seal(prevSeq int64, prevHash string) {
	r.Seq = prevSeq + 1
	r.PrevHash = prevHash
	r.Hash = r.ComputeHash()
}

// ComputeHash is SHA-256 over the previous hash and the record's canonical
// content: every field, length-prefixed so no two records share an encoding.
func (r Record) ComputeHash() string {
	var b strings.Builder
	for _, f := range []string{
		r.PrevHash,
		strconv.FormatInt(r.Seq, 10),
		r.OccurredAt.UTC().Format(time.RFC3339Nano),
		r.ActorID, r.ActorRole, r.ActorOrg,
		r.Action, r.Entity, r.EntityID,
		r.ClientIP, r.RequestID, r.Changes,
	} {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte(';')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// Filter narrows a listing of records.
type Filter struct {
	Entity   string
	EntityID string
	ActorID  string
	Action   string
	From, To time.Time // occurred at or after From and before To; zero: open
	// The service sets these, so the trail shows no more than the entities it
	// names would: SealedAt hides the records of bids still sealed at that
	// time (nobody may learn who bid); ViewerOrgID hides the records of
	// challenges that are drafts of other organizations (their titles and
	// texts are the owner's until submitted).
	SealedAt    time.Time
	ViewerOrgID string
}

// Repository stores the chain.
type Repository interface {
	// Append inserts the record unsealed; it must run inside the transaction of
	// the change it records and must not wait for other appenders.
	Append(ctx context.Context, r Record) (Record, error)
	// Seal links up to limit committed unsealed records after the last sealed
	// one, in ID order, and returns how many it sealed. Concurrent sealers (in
	// this process or others) take turns: the chain never forks.
	Seal(ctx context.Context, limit int) (int, error)
	// Scan returns up to limit sealed records with Seq > after, in Seq order.
	Scan(ctx context.Context, after int64, limit int) ([]Record, error)
	// Unsealed counts the committed records not sealed yet and the time of the oldest.
	Unsealed(ctx context.Context) (int64, time.Time, error)
	// List returns records newest first, keyset-paged by ID.
	List(ctx context.Context, f Filter, p domain.Page) ([]Record, error)
}

// Verification is the result of recomputing the chain.
type Verification struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	FirstBad *int64 `json:"first_bad"`
	Reason   string `json:"reason,omitempty"`
	// Records committed but not sealed yet (normally sealed within a second):
	// not part of the chain that was checked.
	Unsealed         int64      `json:"unsealed"`
	OldestUnsealedAt *time.Time `json:"oldest_unsealed_at,omitempty"`
}

// Service records and verifies the trail.
type Service struct {
	repo   Repository
	tx     domain.Transactor
	clock  domain.Clock
	denied deniedLog // refused attempts being counted (denied.go)
}

func NewService(repo Repository, tx domain.Transactor, clock domain.Clock) *Service {
	return &Service{repo: repo, tx: tx, clock: clock, denied: deniedLog{open: map[deniedKey]*deniedCount{}}}
}

// Record appends an entry in the caller's transaction (ctx must carry one).
func (s *Service) Record(ctx context.Context, actor domain.Actor, e Entry) error {
	rec, err := NewRecord(actor, s.clock.Now(), e)
	if err != nil {
		return err
	}
	_, err = s.repo.Append(ctx, rec)
	return err
}

// List is for admins and program managers.
func (s *Service) List(ctx context.Context, actor domain.Actor, f Filter, p domain.Page) (domain.List[Record], error) {
	if !actor.IsStaff() {
		return domain.List[Record]{}, domain.Forbidden(domain.Msg("only admins and program managers read the audit trail", "只有平台管理员和项目主管可以查看审计日志"))
	}
	f.SealedAt, f.ViewerOrgID = s.clock.Now(), actor.OrgID
	return domain.Paginate(p, func(x Record) string { return strconv.FormatInt(x.ID, 10) }, func(p domain.Page) ([]Record, error) {
		return s.repo.List(ctx, f, p)
	})
}

// SealBatch is how many records one sealing transaction links at most.
const SealBatch = 1000

// SealPending seals every committed unsealed record and returns how many.
func (s *Service) SealPending(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := s.repo.Seal(ctx, SealBatch)
		total += n
		if err != nil || n < SealBatch {
			return total, err
		}
	}
}

// RunSealer seals what is pending now (a crash between a commit and its
// sealing loses nothing), then whenever wake fires (a transaction that wrote
// records committed in this process) or every interval (records committed by
// other processes), until ctx ends.
func (s *Service) RunSealer(ctx context.Context, every time.Duration, wake <-chan struct{}, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.SealPending(ctx); err != nil && ctx.Err() == nil {
			log.Warn("seal audit records", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
			// Let the commits of a busy moment gather: one sealing
			// transaction for many records rather than one for each.
			select {
			case <-ctx.Done():
				return
			case <-time.After(SealGather):
			}
		case <-t.C:
		}
	}
}

// SealGather is how long the sealer waits after being woken before sealing,
// so that concurrent commits are sealed together (well within the second a
// record may stay unsealed).
const SealGather = 50 * time.Millisecond

// Verify recomputes the whole sealed chain in batches and names the first
// record whose hash, link or sequence number does not hold; it reports the
// records not sealed yet apart.
//
// The unsealed are counted first: a record a sealer seals meanwhile is then
// counted twice (unsealed, and checked), never missed — counted after the
// check, a record sealed during it would be in neither.
func (s *Service) Verify(ctx context.Context) (Verification, error) {
	n, oldest, err := s.repo.Unsealed(ctx)
	if err != nil {
		return Verification{}, err
	}
	v, err := s.verifySealed(ctx)
	if err != nil {
		return v, err
	}
	v.Unsealed = n
	if n > 0 {
		v.OldestUnsealedAt = &oldest
	}
	return v, nil
}

func (s *Service) verifySealed(ctx context.Context) (Verification, error) {
	const batch = 1000
	prevSeq, prevHash := int64(0), GenesisHash
	var checked int64
	for {
		recs, err := s.repo.Scan(ctx, prevSeq, batch)
		if err != nil {
			return Verification{}, err
		}
		for _, r := range recs {
			var reason string
			switch {
			case r.Seq != prevSeq+1:
				reason = fmt.Sprintf("record %d is missing", prevSeq+1)
			case r.PrevHash != prevHash:
				reason = "its previous hash does not match the record before it"
			case r.ComputeHash() != r.Hash:
				reason = "its content does not match its hash"
			}
			if reason != "" {
				bad := r.Seq
				if r.Seq != prevSeq+1 {
					bad = prevSeq + 1
				}
				return Verification{OK: false, Checked: checked, FirstBad: &bad, Reason: reason}, nil
			}
			checked++
			prevSeq, prevHash = r.Seq, r.Hash
		}
		if len(recs) < batch {
			return Verification{OK: true, Checked: checked}, nil
		}
	}
}
