// Package deployments validates the deployment files offline: the compose file
// with the Compose specification's own loader, the Kubernetes overlays built
// with the kustomize API and decoded strictly into their API types
// (kustomize_test.go). Neither Docker nor a cluster is needed.
package deployments

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
)

func TestComposeFile(t *testing.T) {
	env := []string{"POSTGRES_PASSWORD=pw", "PORTFOLIO_JWT_SECRET=0123456789abcdef0123456789abcdef"}
	opts, err := cli.NewProjectOptions([]string{"../docker-compose.yml"}, cli.WithEnv(env), cli.WithName("portfolio"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := opts.LoadProject(context.Background())
	if err != nil {
		t.Fatalf("docker-compose.yml does not load: %v", err)
	}
	db, err := p.GetService("db")
	if err != nil {
		t.Fatal(err)
	}
	app, err := p.GetService("app")
	if err != nil {
		t.Fatal(err)
	}
	if db.HealthCheck == nil || app.HealthCheck == nil {
		t.Fatal("both services need a healthcheck")
	}
	if dep, ok := app.DependsOn["db"]; !ok || dep.Condition != "service_healthy" {
		t.Fatal("the app must wait for a healthy database")
	}
	if _, ok := p.Volumes["pgdata"]; !ok || len(db.Volumes) == 0 {
		t.Fatal("PostgreSQL needs a volume")
	}
	if url := app.Environment["DATABASE_URL"]; url == nil || !strings.HasPrefix(*url, "postgres://") {
		t.Fatal("the app is not pointed at PostgreSQL")
	}
	if app.Build == nil || app.Build.Dockerfile != "deployments/Dockerfile" {
		t.Fatal("the app is not built from deployments/Dockerfile")
	}
	// Without the secrets the file refuses to load: they are never defaulted.
	opts, _ = cli.NewProjectOptions([]string{"../docker-compose.yml"}, cli.WithEnv([]string{"POSTGRES_PASSWORD=pw"}), cli.WithName("portfolio"))
	if _, err := opts.LoadProject(context.Background()); err == nil || !strings.Contains(err.Error(), "PORTFOLIO_JWT_SECRET") {
		t.Fatalf("compose loaded without a JWT secret: %v", err)
	}
}

func TestDockerfileIsMultiStage(t *testing.T) {
	b, err := os.ReadFile("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\nFROM ")); n < 2 {
		t.Fatalf("%d build stages, want at least 2", n)
	}
	if !bytes.Contains(b, []byte("CGO_ENABLED=0")) || !bytes.Contains(b, []byte("USER nonroot")) {
		t.Fatal("the image must be a static binary running as non-root")
	}
	// The web app is built inside the image from the lock file, then embedded.
	if !bytes.Contains(b, []byte("RUN npm ci")) || !bytes.Contains(b, []byte("COPY --from=web /web/dist ./frontend/dist")) {
		t.Fatal("the image must build the web app (npm ci) and embed its dist")
	}
	// The browser tests' clock control is compiled only with the testclock
	// tag (cmd/portfolio/testclock.go): no image, nor make build, has it.
	makefile, err := os.ReadFile("../Makefile")
	if err != nil || bytes.Contains(b, []byte("testclock")) || bytes.Contains(makefile, []byte("testclock")) {
		t.Fatalf("the image or make build compiles the test clock control in: %v", err)
	}
	ignore, err := os.ReadFile("../.dockerignore")
	if err != nil || !bytes.Contains(ignore, []byte("node_modules")) {
		t.Fatalf("../.dockerignore must keep node_modules out of the build context: %v", err)
	}
}

// TestEnvExample: every variable the compose file's example environment sets
// is one the app reads (a misspelt one would be silently ignored).
func TestEnvExample(t *testing.T) {
	reads := appEnv(t)
	example, err := os.ReadFile("env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(example), "\n") {
		k, _, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok || strings.HasPrefix(k, "#") || k == "POSTGRES_PASSWORD" { // the database container's, not the app's
			continue
		}
		if !reads[k] {
			t.Errorf("env.example sets %s, which the app does not read", k)
		}
	}
}
