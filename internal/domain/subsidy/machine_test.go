package subsidy_test

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
)

// TestBatchMachine: draft → approved → published, the last final.
func TestBatchMachine(t *testing.T) {
	machinetest.Check(t, subsidy.BatchMachine, subsidy.BatchStatuses(), machinetest.Spec[subsidy.BatchAction, subsidy.BatchStatus]{
		subsidy.BatchApprove: {subsidy.BatchDraft: subsidy.BatchApproved},
		subsidy.BatchPublish: {subsidy.BatchApproved: subsidy.BatchPublished},
	})
}
