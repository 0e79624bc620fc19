package handlers_test

import (
	"encoding/json"
	"strings"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestTrancheCannotBeUntiedByAnEdit: a PATCH that empties milestone_id while
// disbursing is refused (it used to disburse a tranche whose milestone was
// not accepted); untying is its own operation with a reason, refused once
// disbursed; every change to a line is in its audit record.
func TestTrancheCannotBeUntiedByAnEdit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "分期拨付测试项目")
		mid := at.Expect(t, env.Post(w.Institute.Token, "/api/v1/projects/"+pid+"/milestones", map[string]any{
			"title": "中期检查", "due_date": "2027-06-30", "stage": "research"}), 201).ID(t)
		line := at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{
			"source": "national", "amount": 1_000_000, "status": "committed", "milestone_id": mid}), 201).ID(t)

		r := at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+line, map[string]any{"milestone_id": "", "status": "disbursed"}), 422)
		if !strings.Contains(string(r.Body), "milestone_id") {
			t.Errorf("the refusal does not name milestone_id: %s", r.Body)
		}
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+line, map[string]any{"milestone_id": ""}), 422)
		got := at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects/"+pid+"/funding"), 200)
		if !strings.Contains(string(got.Body), mid) || strings.Contains(string(got.Body), `"disbursed"`) {
			t.Fatalf("the refused edits changed the line: %s", got.Body)
		}

		// Every change of an edit is in its record.
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+line, map[string]any{"amount": 900_000}), 200)
		changes := lastAudit(t, env, w.PM.Token, line, "funding.update")
		if _, ok := changes["amount"]; !ok {
			t.Errorf("funding.update without the amount: %v", changes)
		}

		// Untying: a reason is required; then the line is free and the record says so.
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+line+"/untie", map[string]any{"reason": ""}), 422)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/funding/"+line+"/untie", map[string]any{"reason": "调整"}), 403)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+line+"/untie", map[string]any{"reason": "里程碑取消，改为按年度拨付"}), 200)
		changes = lastAudit(t, env, w.PM.Token, line, "funding.untie")
		if ms, _ := changes["milestone_id"].([]any); len(ms) != 2 || ms[0] != mid || ms[1] != "" || changes["reason"] == nil {
			t.Errorf("funding.untie record: %v", changes)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+line+"/untie", map[string]any{"reason": "再次"}), 409)

		// Retied, the tranche again waits for its milestone; once disbursed it stays tied.
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+line, map[string]any{"milestone_id": mid}), 200)
		changes = lastAudit(t, env, w.PM.Token, line, "funding.update")
		if ms, _ := changes["milestone_id"].([]any); len(ms) != 2 || ms[1] != mid {
			t.Errorf("re-tying is not in the record: %v", changes)
		}
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+line, map[string]any{"status": "disbursed"}), 422)
		at.Expect(t, env.Patch(w.Institute.Token, "/api/v1/projects/"+pid+"/milestones/"+mid, map[string]any{"status": "done"}), 200)
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/projects/"+pid+"/milestones/"+mid, map[string]any{"status": "accepted"}), 200)
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+line, map[string]any{"status": "disbursed"}), 200)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+line+"/untie", map[string]any{"reason": "事后解绑"}), 409)
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+line, map[string]any{"milestone_id": ""}), 422)
	})
}

// lastAudit is the changes of the newest audit record of the action on the entity.
func lastAudit(t *testing.T, env *at.Env, token, entityID, action string) map[string]any {
	t.Helper()
	var list struct {
		Items []struct {
			Action  string          `json:"action"`
			Changes json.RawMessage `json:"changes"`
		} `json:"items"`
	}
	at.Expect(t, env.Get(token, "/api/v1/audit?entity_id="+entityID+"&action="+action), 200).JSON(t, &list)
	if len(list.Items) == 0 {
		t.Fatalf("no %s record of %s", action, entityID)
	}
	var ch map[string]any
	if err := json.Unmarshal(list.Items[0].Changes, &ch); err != nil {
		t.Fatalf("changes of %s: %s", action, list.Items[0].Changes)
	}
	return ch
}
