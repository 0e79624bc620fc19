package challenge

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Filter narrows the board; the visibility fields are set by the service.
type Filter struct {
	Statuses []Status // effective statuses; empty: any the viewer may see
	FieldID  string   // a level-1 field includes its children
	Category string
	Query    string
	OwnerID  string // ?mine=true
	// Who is looking: anonymous and other organizations see public statuses;
	// the owner sees its own in every status; privileged viewers (program
	// managers, admins) see everything but others' drafts.
	ViewerOrg  string
	Privileged bool
	Now        time.Time
}

// Changes are the columns a transition sets besides status and version.
type Changes struct {
	Category      *string
	FundingCap    *int64
	BidDeadline   *time.Time
	PublishedAt   *time.Time
	ClosedAt      *time.Time
	DecidedAt     *time.Time
	StatusReason  *string
	ProposedBidID *string
	AwardedBidID  *string
	ProjectID     *string
	MaxWinners    *int
	WinnerBidIDs  *[]string
	ProjectIDs    *[]string
	Rounds        *[]Round
	CurrentRound  *int
}

// Repository stores challenges, their questions, bids, reviewers and scores.
type Repository interface {
	Create(ctx context.Context, c Challenge) error
	Get(ctx context.Context, id string) (Challenge, error)
	List(ctx context.Context, f Filter, p domain.Page) ([]Challenge, error)
	// UpdateContent saves edited content if the challenge is still a draft at version.
	UpdateContent(ctx context.Context, c Challenge, version int) error
	// Transition moves the challenge from one status to another if it is still
	// in that status at that version (a conflict otherwise), setting ch too.
	Transition(ctx context.Context, id string, from Status, version int, to Status, ch Changes, at time.Time) error
	// DueForClosing lists published challenges whose deadline has passed.
	DueForClosing(ctx context.Context, now time.Time, limit int) ([]string, error)

	CreateQuestion(ctx context.Context, q Question) error
	GetQuestion(ctx context.Context, id string) (Question, error)
	// ListQuestions: answered ones, plus unanswered ones if allUnanswered or asked by askerOrg.
	ListQuestions(ctx context.Context, challengeID string, allUnanswered bool, askerOrg string, p domain.Page) ([]Question, error)
	AnswerQuestion(ctx context.Context, id, text, by string, at time.Time) error

	CreateBid(ctx context.Context, b Bid) error
	GetBid(ctx context.Context, id string) (Bid, error)
	// ListBids lists a challenge's bids, only orgID's if it is not "", only
	// those that reached minRound or later.
	ListBids(ctx context.Context, challengeID, orgID string, minRound int, p domain.Page) ([]Bid, error)
	LiveBids(ctx context.Context, challengeIDs []string) ([]Bid, error)
	// OwnBids pages an organization's bids, newest first, each with its challenge.
	OwnBids(ctx context.Context, orgID string, p domain.Page) ([]OwnBid, error)
	UpdateBid(ctx context.Context, b Bid, version int) error
	SetBidStatus(ctx context.Context, id string, from BidStatus, version int, to BidStatus, at time.Time) error
	// SettleBids moves the challenge's bids that are live (in status live):
	// the winners to won, every other one to lost.
	SettleBids(ctx context.Context, challengeID string, winners []string, live, won, lost BidStatus, at time.Time) error

	// Shortlist moves bids into a review round (round_reached).
	Shortlist(ctx context.Context, challengeID string, bidIDs []string, round int, at time.Time) error
	// PartnerBids pages the bids naming orgID as a partner, newest first.
	PartnerBids(ctx context.Context, orgID string, p domain.Page) ([]OwnBid, error)
	// DecidePartner records a partner's answer, moving it from from to to (a
	// conflict if it is no longer from: it has answered meanwhile).
	DecidePartner(ctx context.Context, bidID, orgID string, from, to PartnerDecision, by string, at time.Time) error

	// Assignments lists a challenge's assignments of every round.
	Assignments(ctx context.Context, challengeID string) ([]Assignment, error)
	AddAssignments(ctx context.Context, as []Assignment) error
	DeclareConflict(ctx context.Context, challengeID string, round int, expertID, reason string) error
	MarkSubmitted(ctx context.Context, challengeID string, round int, expertID string, at time.Time) error
	// AssignmentsOfExpert lists an expert's latest assignment on each
	// challenge, keyset-paged by challenge id.
	AssignmentsOfExpert(ctx context.Context, expertID string, p domain.Page) ([]Assignment, error)
	GetMany(ctx context.Context, ids []string) ([]Challenge, error)

	UpsertScore(ctx context.Context, s Score) error
	// Scores lists scores on the challenges' bids, only expertID's if not "".
	Scores(ctx context.Context, challengeIDs []string, expertID string) ([]Score, error)
	// Ranking aggregates, per live bid and round, the mean total of that
	// round's experts who have not declared a conflict.
	Ranking(ctx context.Context, challengeID string) ([]RankRow, error)
}

// RankRow is one bid's aggregate in one round.
type RankRow struct {
	BidID          string
	OrganizationID string
	Round          int
	MeanTotal      float64
	Experts        int
}
