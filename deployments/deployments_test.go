// Package deployments validates the deployment files offline: the compose file
// with the Compose specification's own loader, the Kubernetes manifests by a
// strict decode into the API types. Docker and a cluster are not needed.
package deployments

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
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
	ignore, err := os.ReadFile("../.dockerignore")
	if err != nil || !bytes.Contains(ignore, []byte("node_modules")) {
		t.Fatalf("../.dockerignore must keep node_modules out of the build context: %v", err)
	}
}

// TestKubernetesManifests decodes every document strictly (unknown fields fail).
func TestKubernetesManifests(t *testing.T) {
	files, _ := filepath.Glob("k8s/*.yaml")
	if len(files) == 0 {
		t.Fatal("no manifests")
	}
	kinds := map[string]int{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range bytes.Split(raw, []byte("\n---")) {
			if len(bytes.TrimSpace(doc)) == 0 {
				continue
			}
			var meta struct{ Kind string }
			if err := yaml.Unmarshal(doc, &meta); err != nil {
				t.Fatalf("%s doc %d: %v", f, i, err)
			}
			var obj any
			switch meta.Kind {
			case "Deployment":
				obj = &appsv1.Deployment{}
			case "Service":
				obj = &corev1.Service{}
			case "ConfigMap":
				obj = &corev1.ConfigMap{}
			case "Secret":
				obj = &corev1.Secret{}
			case "PodDisruptionBudget":
				obj = &policyv1.PodDisruptionBudget{}
			default:
				t.Fatalf("%s doc %d: unexpected kind %q", f, i, meta.Kind)
			}
			if err := yaml.UnmarshalStrict(doc, obj); err != nil {
				t.Fatalf("%s doc %d (%s): %v", f, i, meta.Kind, err)
			}
			kinds[meta.Kind]++
			if d, ok := obj.(*appsv1.Deployment); ok {
				c := d.Spec.Template.Spec.Containers[0]
				if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" ||
					c.LivenessProbe == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
					t.Fatal("the Deployment must probe /readyz and /healthz")
				}
				if !equalLabels(d.Spec.Selector.MatchLabels, d.Spec.Template.Labels) {
					t.Fatal("the Deployment's selector does not match its pods")
				}
			}
		}
	}
	for _, k := range []string{"Deployment", "Service", "ConfigMap"} {
		if kinds[k] == 0 {
			t.Errorf("no %s", k)
		}
	}
}

// appEnv is every environment variable the app reads, taken from its
// configuration code (internal/config), so a new one is seen here at once.
func appEnv(t *testing.T) map[string]bool {
	t.Helper()
	src, err := os.ReadFile("../internal/config/config.go")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`"((?:PORTFOLIO|DATABASE)_[A-Z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		names[m[1]] = true
	}
	if len(names) < 10 || !names["DATABASE_URL"] || !names["PORTFOLIO_JWT_SECRET"] {
		t.Fatalf("read %d variables from the configuration code: %v", len(names), names)
	}
	return names
}

// TestManifestsSetWhatTheAppReads: every variable the manifests and the
// env example set is one the app reads (a misspelt one would be silently
// ignored), and what the app needs in production is set: the database, the
// JWT secret, the trusted proxies (the real client behind the ingress).
func TestManifestsSetWhatTheAppReads(t *testing.T) {
	reads := appEnv(t)
	set := map[string]string{}
	for _, f := range []string{"k8s/portfolio.yaml", "k8s/secret.example.yaml"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, doc := range bytes.Split(raw, []byte("\n---")) {
			var obj struct {
				Kind       string
				Data       map[string]string
				StringData map[string]string `json:"stringData"`
			}
			if err := yaml.Unmarshal(doc, &obj); err != nil {
				t.Fatal(err)
			}
			for k := range obj.Data {
				set[k] = f
			}
			for k := range obj.StringData {
				set[k] = f
			}
		}
	}
	for k, f := range set {
		if !reads[k] {
			t.Errorf("%s sets %s, which the app does not read", f, k)
		}
	}
	for _, k := range []string{"DATABASE_URL", "PORTFOLIO_JWT_SECRET", "PORTFOLIO_TRUSTED_PROXIES", "PORTFOLIO_LOG_FORMAT"} {
		if set[k] == "" {
			t.Errorf("the manifests do not set %s", k)
		}
	}
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

func equalLabels(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return len(sel) > 0
}
