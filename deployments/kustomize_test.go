package deployments

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	cnpgv1 "github.com/cloudnative-pg/api/pkg/api/v1"
	barmanv1 "github.com/cloudnative-pg/plugin-barman-cloud/api/v1"
	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"
	"sigs.k8s.io/yaml"
)

// overlay is one kustomize overlay, built and decoded into its API types.
type overlay struct {
	name             string
	deployments      []*appsv1.Deployment
	services         []*corev1.Service
	configMaps       []*corev1.ConfigMap
	serviceAccounts  []*corev1.ServiceAccount
	hpas             []*autoscalingv2.HorizontalPodAutoscaler
	pdbs             []*policyv1.PodDisruptionBudget
	ingresses        []*networkingv1.Ingress
	networkPolicies  []*networkingv1.NetworkPolicy
	clusters         []*cnpgv1.Cluster
	scheduledBackups []*cnpgv1.ScheduledBackup
	objectStores     []*barmanv1.ObjectStore
	podMonitors      []*monitoringv1.PodMonitor
}

// build runs kustomize on k8s/overlays/name, as `kubectl apply -k` would, and
// decodes every object strictly: a field its type does not have (a typo, a
// field in the wrong place, one of another version) fails the test.
func build(t *testing.T, name string) *overlay {
	t.Helper()
	m, err := krusty.MakeKustomizer(krusty.MakeDefaultOptions()).Run(filesys.MakeFsOnDisk(), "k8s/overlays/"+name)
	if err != nil {
		t.Fatalf("kustomize build %s: %v", name, err)
	}
	o := &overlay{name: name}
	for _, r := range m.Resources() {
		doc, err := r.AsYAML()
		if err != nil {
			t.Fatal(err)
		}
		id := r.GetApiVersion() + " " + r.GetKind()
		var obj any
		switch id {
		case "apps/v1 Deployment":
			obj = add(&o.deployments)
		case "v1 Service":
			obj = add(&o.services)
		case "v1 ConfigMap":
			obj = add(&o.configMaps)
		case "v1 ServiceAccount":
			obj = add(&o.serviceAccounts)
		case "autoscaling/v2 HorizontalPodAutoscaler":
			obj = add(&o.hpas)
		case "policy/v1 PodDisruptionBudget":
			obj = add(&o.pdbs)
		case "networking.k8s.io/v1 Ingress":
			obj = add(&o.ingresses)
		case "networking.k8s.io/v1 NetworkPolicy":
			obj = add(&o.networkPolicies)
		case cnpgv1.SchemeGroupVersion.String() + " Cluster":
			obj = add(&o.clusters)
		case cnpgv1.SchemeGroupVersion.String() + " ScheduledBackup":
			obj = add(&o.scheduledBackups)
		case barmanv1.GroupVersion.String() + " ObjectStore":
			obj = add(&o.objectStores)
		case monitoringv1.SchemeGroupVersion.String() + " PodMonitor":
			obj = add(&o.podMonitors)
		default:
			t.Fatalf("%s: %s %s is of no type this test knows", name, id, r.GetName())
		}
		if err := yaml.UnmarshalStrict(doc, obj); err != nil {
			t.Fatalf("%s: %s %s: %v", name, id, r.GetName(), err)
		}
	}
	return o
}

// add appends a new zero object to list and returns it.
func add[T any](list *[]*T) *T {
	v := new(T)
	*list = append(*list, v)
	return v
}

func find[T any](list []*T, name func(*T) string, want string) *T {
	for _, v := range list {
		if name(v) == want {
			return v
		}
	}
	return nil
}

// exampleSecrets are the Secrets of k8s/base/secret.example.yaml (decoded
// strictly): what an operator creates before applying.
func exampleSecrets(t *testing.T) map[string]*corev1.Secret {
	t.Helper()
	raw, err := os.ReadFile("k8s/base/secret.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*corev1.Secret{}
	for _, doc := range strings.Split(string(raw), "\n---") {
		s := &corev1.Secret{}
		if err := yaml.UnmarshalStrict([]byte(doc), s); err != nil {
			t.Fatalf("secret.example.yaml: %v", err)
		}
		if s.Kind != "Secret" || s.Name == "" {
			t.Fatalf("secret.example.yaml: a document is not a named Secret: %q %q", s.Kind, s.Name)
		}
		out[s.Name] = s
	}
	return out
}

// appEnv is every environment variable the app reads, taken from its
// configuration code (internal/config), so a new one is seen here at once,
// and the S3 client's credentials (read by the AWS SDK, named in the README).
func appEnv(t *testing.T) map[string]bool {
	t.Helper()
	src, err := os.ReadFile("../internal/config/config.go")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true}
	for _, m := range regexp.MustCompile(`"((?:PORTFOLIO|DATABASE)_[A-Z_]+)"`).FindAllStringSubmatch(string(src), -1) {
		names[m[1]] = true
	}
	if len(names) < 12 || !names["DATABASE_URL"] || !names["PORTFOLIO_JWT_SECRET"] {
		t.Fatalf("read %d variables from the configuration code: %v", len(names), names)
	}
	return names
}

func TestOverlays(t *testing.T) {
	reads := appEnv(t)
	secrets := exampleSecrets(t)
	for _, name := range []string{"dev", "prod"} {
		t.Run(name, func(t *testing.T) {
			o := build(t, name)
			if len(o.deployments) != 1 || len(o.clusters) != 1 {
				t.Fatalf("%d Deployments and %d Clusters, want one of each", len(o.deployments), len(o.clusters))
			}
			checkWorkload(t, o)
			checkRouting(t, o)
			checkNetworkPolicies(t, o)
			checkEnv(t, o, reads, secrets)
			checkDatabase(t, o, secrets)
			checkImages(t, o)
		})
	}
}

// checkWorkload: probes, resources, a non-root read-only container with no
// privileges, a service account without a token, a drain on shutdown.
func checkWorkload(t *testing.T, o *overlay) {
	d := o.deployments[0]
	pod := d.Spec.Template.Spec
	if !equalLabels(d.Spec.Selector.MatchLabels, d.Spec.Template.Labels) {
		t.Error("the Deployment's selector does not match its pods")
	}
	if pod.SecurityContext == nil || pod.SecurityContext.RunAsNonRoot == nil || !*pod.SecurityContext.RunAsNonRoot ||
		pod.SecurityContext.SeccompProfile == nil {
		t.Error("the pod must run as non-root with a seccomp profile")
	}
	if pod.AutomountServiceAccountToken == nil || *pod.AutomountServiceAccountToken {
		t.Error("the pod must not mount a service account token")
	}
	sa := find(o.serviceAccounts, func(s *corev1.ServiceAccount) string { return s.Name }, pod.ServiceAccountName)
	if sa == nil || sa.AutomountServiceAccountToken == nil || *sa.AutomountServiceAccountToken {
		t.Errorf("the service account %q must exist and not mount a token", pod.ServiceAccountName)
	}
	for _, c := range append(pod.InitContainers, pod.Containers...) {
		if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" ||
			c.LivenessProbe == nil || c.LivenessProbe.HTTPGet == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
			t.Errorf("%s: readiness must probe /readyz and liveness /healthz (which does not touch the database)", c.Name)
		}
		if c.Resources.Requests.Cpu().IsZero() || c.Resources.Requests.Memory().IsZero() || c.Resources.Limits.Memory().IsZero() {
			t.Errorf("%s: requests of CPU and memory and a memory limit are needed", c.Name)
		}
		sc := c.SecurityContext
		if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem ||
			sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation ||
			sc.Capabilities == nil || !slices.Contains(sc.Capabilities.Drop, "ALL") {
			t.Errorf("%s: read-only root filesystem, no privilege escalation, every capability dropped", c.Name)
		}
		if sc != nil && sc.RunAsNonRoot != nil && !*sc.RunAsNonRoot || sc != nil && sc.RunAsUser != nil && *sc.RunAsUser == 0 {
			t.Errorf("%s: runs as root", c.Name)
		}
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil {
			t.Errorf("%s: no preStop pause: requests still routed to a stopping pod would fail", c.Name)
		}
	}
	if g := pod.TerminationGracePeriodSeconds; g == nil || *g <= 35 {
		t.Error("the grace period must cover the preStop pause and the app's 30 s drain")
	}
	if u := d.Spec.Strategy.RollingUpdate; u == nil || u.MaxUnavailable == nil || u.MaxUnavailable.IntValue() != 0 {
		t.Error("a rollout must not take serving pods away before new ones are ready")
	}
	hpa := o.hpas
	if len(hpa) != 1 || hpa[0].Spec.ScaleTargetRef.Kind != "Deployment" || hpa[0].Spec.ScaleTargetRef.Name != d.Name ||
		len(hpa[0].Spec.Metrics) == 0 || hpa[0].Spec.Metrics[0].Resource == nil || hpa[0].Spec.Metrics[0].Resource.Name != corev1.ResourceCPU ||
		hpa[0].Spec.MinReplicas == nil || *hpa[0].Spec.MinReplicas > hpa[0].Spec.MaxReplicas {
		t.Fatal("an HPA on CPU must scale the Deployment")
	}
	if len(o.pdbs) != 1 || !equalLabels(o.pdbs[0].Spec.Selector.MatchLabels, d.Spec.Template.Labels) {
		t.Error("a PodDisruptionBudget must cover the app's pods")
	}
	if o.name == "prod" {
		if *hpa[0].Spec.MinReplicas < 3 || *d.Spec.Replicas < 3 {
			t.Error("production runs at least 3 replicas")
		}
		if p := o.pdbs[0].Spec; p.MaxUnavailable == nil || p.MaxUnavailable.IntValue() != 1 {
			t.Error("production allows one app pod down at a time")
		}
	}
}

// checkRouting: the Service selects the app's pods on a port they have, the
// Ingress serves every host over TLS to that Service.
func checkRouting(t *testing.T, o *overlay) {
	d := o.deployments[0]
	c := d.Spec.Template.Spec.Containers[0]
	svc := find(o.services, func(s *corev1.Service) string { return s.Name }, d.Name)
	if svc == nil || !equalLabels(svc.Spec.Selector, d.Spec.Template.Labels) {
		t.Fatal("a Service must select the app's pods")
	}
	for _, p := range svc.Spec.Ports {
		if !hasPort(c, p.TargetPort) {
			t.Errorf("the Service's port %s targets %s, which the container does not expose", p.Name, p.TargetPort.String())
		}
	}
	if len(o.ingresses) != 1 {
		t.Fatal("one Ingress")
	}
	ing := o.ingresses[0]
	tlsHosts := map[string]bool{}
	for _, tls := range ing.Spec.TLS {
		if tls.SecretName == "" {
			t.Error("a TLS entry without a certificate Secret")
		}
		for _, h := range tls.Hosts {
			tlsHosts[h] = true
		}
	}
	for _, r := range ing.Spec.Rules {
		if r.Host == "" || !tlsHosts[r.Host] {
			t.Errorf("the host %q is not served over TLS", r.Host)
		}
		for _, p := range r.HTTP.Paths {
			b := p.Backend.Service
			if b == nil || b.Name != svc.Name || !slices.ContainsFunc(svc.Spec.Ports, func(sp corev1.ServicePort) bool { return sp.Name == b.Port.Name }) {
				t.Errorf("the Ingress path %s does not reach the Service's named port", p.Path)
			}
		}
	}
}

func hasPort(c corev1.Container, p intstr.IntOrString) bool {
	return slices.ContainsFunc(c.Ports, func(cp corev1.ContainerPort) bool {
		return p.Type == intstr.String && cp.Name == p.StrVal || p.Type == intstr.Int && cp.ContainerPort == p.IntVal
	})
}

// checkNetworkPolicies: the app's pods are reached by the ingress controller
// (and Prometheus on the metrics port) only, and reach the database.
func checkNetworkPolicies(t *testing.T, o *overlay) {
	d := o.deployments[0]
	c := d.Spec.Template.Spec.Containers[0]
	var app *networkingv1.NetworkPolicy
	for _, np := range o.networkPolicies {
		if equalLabels(np.Spec.PodSelector.MatchLabels, d.Spec.Template.Labels) {
			app = np
		}
	}
	if app == nil || !slices.Contains(app.Spec.PolicyTypes, networkingv1.PolicyTypeIngress) || !slices.Contains(app.Spec.PolicyTypes, networkingv1.PolicyTypeEgress) {
		t.Fatal("a NetworkPolicy must restrict the app's pods both ways")
	}
	for _, rule := range app.Spec.Ingress {
		for _, p := range rule.Ports {
			if p.Port == nil || !hasPort(c, *p.Port) {
				t.Errorf("an ingress rule opens a port the app does not have: %v", p.Port)
			}
		}
		for _, peer := range rule.From {
			ns := ""
			if peer.NamespaceSelector != nil {
				ns = peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]
			}
			open := ns == "ingress-nginx" && peer.PodSelector != nil && len(rule.Ports) == 1 && rule.Ports[0].Port.String() == "http" ||
				ns == "monitoring" && len(rule.Ports) == 1 && rule.Ports[0].Port.String() == "metrics"
			if !open || peer.IPBlock != nil {
				t.Errorf("the app's pods are open to %+v", peer)
			}
		}
		if len(rule.From) == 0 {
			t.Error("an ingress rule admits everyone")
		}
	}
	cluster := o.clusters[0].Name
	reachesDB := false
	for _, rule := range app.Spec.Egress {
		if len(rule.To) == 0 {
			t.Error("an egress rule allows every destination")
		}
		for _, peer := range rule.To {
			if peer.PodSelector != nil && peer.PodSelector.MatchLabels["cnpg.io/cluster"] == cluster &&
				slices.ContainsFunc(rule.Ports, func(p networkingv1.NetworkPolicyPort) bool { return p.Port.IntValue() == 5432 }) {
				reachesDB = true
			}
		}
	}
	if !reachesDB {
		t.Errorf("the app cannot reach the database %s on 5432", cluster)
	}
}

// checkEnv: every variable set for the app is one it reads, what it needs is
// set, and every Secret it reads is either the example's or the operator's.
func checkEnv(t *testing.T, o *overlay, reads map[string]bool, secrets map[string]*corev1.Secret) {
	d := o.deployments[0]
	c := d.Spec.Template.Spec.Containers[0]
	set := map[string]string{}
	secretHas := func(name, key string) bool {
		if name == o.clusters[0].Name+"-app" { // CloudNativePG's: username, password, host, port, dbname, uri, …
			return slices.Contains([]string{"username", "password", "host", "port", "dbname", "uri", "jdbc-uri", "pgpass"}, key)
		}
		s := secrets[name]
		if s == nil {
			return false
		}
		_, ok := s.StringData[key]
		return ok
	}
	for _, from := range c.EnvFrom {
		switch {
		case from.ConfigMapRef != nil:
			cm := find(o.configMaps, func(m *corev1.ConfigMap) string { return m.Name }, from.ConfigMapRef.Name)
			if cm == nil {
				t.Fatalf("the ConfigMap %s the app reads is not in the build", from.ConfigMapRef.Name)
			}
			for k, v := range cm.Data {
				set[k] = v
			}
		case from.SecretRef != nil:
			s := secrets[from.SecretRef.Name]
			if s == nil {
				t.Fatalf("the Secret %s is not in secret.example.yaml", from.SecretRef.Name)
			}
			for k := range s.StringData {
				set[k] = "(secret)"
			}
		}
	}
	for _, e := range c.Env {
		set[e.Name] = e.Value
		if r := e.ValueFrom; r != nil && r.SecretKeyRef != nil {
			if !secretHas(r.SecretKeyRef.Name, r.SecretKeyRef.Key) {
				t.Errorf("%s reads the Secret %s's key %s, which nobody creates", e.Name, r.SecretKeyRef.Name, r.SecretKeyRef.Key)
			}
			set[e.Name] = "(secret " + r.SecretKeyRef.Name + "/" + r.SecretKeyRef.Key + ")"
		}
	}
	for k := range set {
		if !reads[k] {
			t.Errorf("the app is given %s, which it does not read (misspelt?)", k)
		}
	}
	for _, k := range []string{"DATABASE_URL", "PORTFOLIO_JWT_SECRET", "PORTFOLIO_TRUSTED_PROXIES", "PORTFOLIO_LOG_FORMAT", "PORTFOLIO_METRICS_ADDR"} {
		if set[k] == "" {
			t.Errorf("%s is not set", k)
		}
	}
	// The connection string is CloudNativePG's: it names the -rw service.
	if want := "(secret " + o.clusters[0].Name + "-app/uri)"; set["DATABASE_URL"] != want {
		t.Errorf("DATABASE_URL is %s, want %s (the cluster's -rw service)", set["DATABASE_URL"], want)
	}
	// Several replicas share documents only through an object store.
	if !strings.HasPrefix(set["PORTFOLIO_BLOB_URL"], "s3://") || set["AWS_ACCESS_KEY_ID"] == "" || set["AWS_SECRET_ACCESS_KEY"] == "" {
		t.Error("documents must live in the S3 store (PORTFOLIO_BLOB_URL and its credentials), not on one pod's disk")
	}
	if strings.Contains(set["PORTFOLIO_BLOB_URL"], "@") {
		t.Error("PORTFOLIO_BLOB_URL must not carry credentials")
	}
	for _, sec := range secrets {
		for k, v := range sec.StringData {
			if v != "" && v != "CHANGE-ME" && !strings.HasPrefix(v, "CHANGE-ME") {
				t.Errorf("secret.example.yaml holds a value for %s/%s: keep only placeholders", sec.Name, k)
			}
		}
	}
}

// checkDatabase: the CloudNativePG cluster, its backups and its monitoring.
func checkDatabase(t *testing.T, o *overlay, secrets map[string]*corev1.Secret) {
	cl := o.clusters[0]
	s := cl.Spec
	if sync := s.PostgresConfiguration.Synchronous; sync != nil && sync.Number >= s.Instances {
		t.Errorf("%d synchronous standbys of %d instances: CloudNativePG refuses it", sync.Number, s.Instances)
	}
	if s.Bootstrap == nil || s.Bootstrap.InitDB == nil || s.Bootstrap.InitDB.Database == "" || s.StorageConfiguration.Size == "" {
		t.Error("the cluster needs its database and storage")
	}
	if !slices.ContainsFunc(o.podMonitors, func(p *monitoringv1.PodMonitor) bool {
		return p.Spec.Selector.MatchLabels["cnpg.io/cluster"] == cl.Name
	}) {
		t.Error("no PodMonitor scrapes the database")
	}
	for _, b := range o.scheduledBackups {
		if b.Spec.Cluster.Name != cl.Name || b.Spec.Method != cnpgv1.BackupMethodPlugin || b.Spec.PluginConfiguration == nil {
			t.Errorf("the ScheduledBackup %s does not back up %s through the plugin", b.Name, cl.Name)
		}
		if n := len(strings.Fields(b.Spec.Schedule)); n != 6 {
			t.Errorf("the schedule %q has %d fields; CloudNativePG's have 6 (seconds first)", b.Spec.Schedule, n)
		}
	}
	for _, p := range s.Plugins {
		store := p.Parameters["barmanObjectName"]
		if find(o.objectStores, func(s *barmanv1.ObjectStore) string { return s.Name }, store) == nil {
			t.Errorf("the plugin %s archives to the ObjectStore %q, which is not in the build", p.Name, store)
		}
	}
	for _, st := range o.objectStores {
		c := st.Spec.Configuration.BarmanCredentials.AWS
		if c == nil || secrets[c.AccessKeyIDReference.Name] == nil || secrets[c.SecretAccessKeyReference.Name] == nil {
			t.Errorf("the ObjectStore %s's credentials are not in secret.example.yaml", st.Name)
		}
	}
	if o.name != "prod" {
		return
	}
	if s.Instances != 3 {
		t.Errorf("%d database instances in production, want 3", s.Instances)
	}
	if sync := s.PostgresConfiguration.Synchronous; sync == nil || sync.Number < 1 || sync.DataDurability != cnpgv1.DataDurabilityLevelRequired {
		t.Error("production commits must wait for a synchronous standby")
	}
	if a := s.Affinity; a.EnablePodAntiAffinity == nil || !*a.EnablePodAntiAffinity || a.PodAntiAffinityType != "required" {
		t.Error("production database instances must be on different nodes")
	}
	archives := slices.ContainsFunc(s.Plugins, func(p cnpgv1.PluginConfiguration) bool { return p.IsWALArchiver != nil && *p.IsWALArchiver })
	if !archives || len(o.scheduledBackups) == 0 {
		t.Error("production needs WAL archiving and scheduled base backups")
	}
}

// checkImages: production runs released images, never "latest" or untagged.
func checkImages(t *testing.T, o *overlay) {
	images := []string{o.clusters[0].Spec.ImageName}
	for _, c := range o.deployments[0].Spec.Template.Spec.Containers {
		images = append(images, c.Image)
	}
	for _, img := range images {
		if img == "" {
			t.Error("an image is not named")
			continue
		}
		name := img[strings.LastIndex(img, "/")+1:]
		_, tag, tagged := strings.Cut(name, ":")
		if o.name == "prod" && (!tagged && !strings.Contains(img, "@sha256:") || tag == "latest") {
			t.Errorf("production image %s is not a release", img)
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

// TestRestoreExample: the operations guide's restore Cluster decodes
// strictly and recovers from the archive the base's backups write.
func TestRestoreExample(t *testing.T) {
	raw, err := os.ReadFile("k8s/base/restore.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c cnpgv1.Cluster
	if err := yaml.UnmarshalStrict(raw, &c); err != nil {
		t.Fatal(err)
	}
	prod := build(t, "prod")
	origin, store := prod.clusters[0], prod.objectStores[0]
	r := c.Spec.Bootstrap
	if r == nil || r.Recovery == nil || c.Name == origin.Name {
		t.Fatal("the example must bootstrap a new cluster by recovery")
	}
	if len(c.Spec.ExternalClusters) != 1 || c.Spec.ExternalClusters[0].Name != r.Recovery.Source {
		t.Fatal("the recovery source is not the external cluster")
	}
	ext := c.Spec.ExternalClusters[0]
	if ext.PluginConfiguration == nil || ext.PluginConfiguration.Parameters["barmanObjectName"] != store.Name ||
		ext.PluginConfiguration.Parameters["serverName"] != origin.Name || c.Spec.ImageName != origin.Spec.ImageName {
		t.Errorf("the example does not recover %s from %s with its image", origin.Name, store.Name)
	}
}
