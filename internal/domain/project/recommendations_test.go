package project

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestRecommendationMachine: recommended → awarded or not awarded, each final.
func TestRecommendationMachine(t *testing.T) {
	machinetest.Check(t, RecommendationMachine, RecommendationStatuses(), machinetest.Spec[RecommendationAction, RecommendationStatus]{
		RecommendationAwarded:    {Recommended: RecAwarded},
		RecommendationNotAwarded: {Recommended: RecNotAwarded},
	})
}
