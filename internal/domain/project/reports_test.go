package project

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestReportMachine: due → submitted → accepted; submitted → returned →
// submitted again.
func TestReportMachine(t *testing.T) {
	machinetest.Check(t, ReportMachine, ReportStatuses(), machinetest.Spec[ReportAction, ReportStatus]{
		ReportSubmit: {ReportDue: ReportSubmitted, ReportReturned: ReportSubmitted},
		ReportAccept: {ReportSubmitted: ReportAccepted},
		ReportReturn: {ReportSubmitted: ReportReturned},
	})
}
