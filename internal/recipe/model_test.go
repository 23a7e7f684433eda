package recipe_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	fp "github.com/msvclint/msvclint/internal/recipe"
)

func block(file, fn string, steps ...fp.Step) *fp.Block {
	fp.SortSteps(steps)
	return &fp.Block{Kind: "database pool", Anchor: "database/sql.Open", Place: fp.Place{File: file, Line: 1, Pkg: "m/" + file, Func: fn}, Steps: steps}
}

func step(name, value string) fp.Step {
	return fp.Step{Label: "(*database/sql.DB)." + name, Name: name, Shape: "v0." + name + "(lit)", Exact: value, Value: value}
}

func TestClusterAndDrift(t *testing.T) {
	orders := block("/m/cmd/orders/main.go", "orders.main", step("SetMaxOpenConns", "20"), step("SetMaxIdleConns", "10"), step("SetConnMaxLifetime", "time.Hour"), step("Ping", "db.Ping()"))
	payments := block("/m/cmd/payments/main.go", "payments.main", step("SetMaxOpenConns", "20"), step("SetMaxIdleConns", "10"), step("Ping", "db.Ping()"))
	shipping := block("/m/cmd/shipping/main.go", "shipping.main", step("SetMaxOpenConns", "50"), step("SetMaxIdleConns", "10"), step("Ping", "db.Ping()"))
	small := block("/m/cmd/admin/main.go", "admin.main", step("Ping", "db.Ping()"))
	clusters := fp.Cluster([]*fp.Block{shipping, small, payments, orders}, 3, 2)
	if len(clusters) != 1 {
		t.Fatalf("got %d clusters, want 1", len(clusters))
	}
	if got, want := clusters[0], []*fp.Block{orders, payments, shipping}; !cmp.Equal(got, want) {
		t.Errorf("cluster not sorted by place: %v", got)
	}
	files := []string{orders.Place.File, payments.Place.File, shipping.Place.File}
	got := fp.Drift(clusters[0], fp.Short(files), 0)
	want := []string{
		"only orders/main.go sets SetConnMaxLifetime",
		"SetMaxOpenConns is 20 in orders/main.go and payments/main.go but 50 in shipping/main.go",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("drift (-want +got):\n%s", diff)
	}
	if got := fp.Drift(clusters[0], fp.Short(files), 1); len(got) != 2 || got[1] != "1 more difference" {
		t.Errorf("limited drift = %q", got)
	}
	if len(fp.Cluster([]*fp.Block{orders, payments, shipping}, 3, 4)) != 0 {
		t.Errorf("mincopies 4 must drop a cluster of 3")
	}
}

func TestSimilarNeedsMostStepsShared(t *testing.T) {
	a := block("/a.go", "a.f", step("SetMaxOpenConns", "1"), step("SetMaxIdleConns", "1"), step("Ping", "p"))
	b := block("/b.go", "b.f", step("SetMaxOpenConns", "1"), step("SetMaxIdleConns", "1"), step("Ping", "p"),
		step("SetConnMaxLifetime", "1"), step("SetConnMaxIdleTime", "1"), step("PingContext", "1"), step("Other", "1"))
	if fp.Similar(a, b, 3) {
		t.Errorf("3 shared of 7 steps must not be a copy")
	}
	same := block("/a.go", "a.f", step("SetMaxOpenConns", "1"), step("SetMaxIdleConns", "1"), step("Ping", "p"))
	if fp.Similar(a, same, 3) {
		t.Errorf("two recipes of one function are not copies of each other")
	}
}

func TestClusterCtorsAcrossPackages(t *testing.T) {
	ctor := func(pkg, file string, params ...string) *fp.Ctor {
		return &fp.Ctor{Name: pkg + ".NewService", Params: params, Place: fp.Place{File: file, Pkg: pkg}}
	}
	a := ctor("m/orders", "/m/orders/s.go", "*database/sql.DB", "*log/slog.Logger", "time.Duration")
	a2 := ctor("m/orders", "/m/orders/t.go", "*database/sql.DB", "*log/slog.Logger", "time.Duration")
	b := ctor("m/payments", "/m/payments/s.go", "*database/sql.DB", "*log/slog.Logger", "time.Duration")
	c := ctor("m/quotes", "/m/quotes/s.go", "*database/sql.DB", "*log/slog.Logger")
	d := ctor("m/tax", "/m/tax/s.go", "*database/sql.DB", "*log/slog.Logger")
	got := fp.ClusterCtors([]*fp.Ctor{d, c, b, a2, a}, 3, 2)
	if len(got) != 1 || !cmp.Equal(got[0], []*fp.Ctor{a, b}) {
		t.Errorf("clusters = %v, want orders and payments (one per package, two-parameter ones too small)", got)
	}
}

func TestShort(t *testing.T) {
	got := fp.Short([]string{"/w/m/cmd/orders/main.go", "/w/m/cmd/payments/main.go", "/w/m/platform/db.go"})
	want := map[string]string{"/w/m/cmd/orders/main.go": "cmd/orders/main.go", "/w/m/cmd/payments/main.go": "cmd/payments/main.go", "/w/m/platform/db.go": "platform/db.go"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Short (-want +got):\n%s", diff)
	}
}

func field(name, value string) fp.Step {
	return fp.Step{Label: "github.com/redis/go-redis/v9.Options." + name, Name: name, Shape: name, Exact: value, Value: value}
}

// TestDiffDefectsFirst: the go-zero shape. A blocking client with a pool of
// one next to the shared one: its pool settings are intent, and the TLS it
// lacks is the likely bug, so that comes first.
func TestDiffDefectsFirst(t *testing.T) {
	shared := block("/m/redis/manager.go", "redis.getClient", field("Addr", "addr"), field("DB", "0"), field("MinIdleConns", "idle"), field("TLSConfig", "tls"), field("Password", "pass"))
	blocking := block("/m/redis/blocking.go", "redis.blockingNode", field("Addr", "addr"), field("DB", "0"), field("MinIdleConns", "1"), field("PoolSize", "1"), field("ReadTimeout", "rt"), field("Password", "pass"))
	cluster := []*fp.Block{blocking, shared}
	d := fp.Diff(cluster, fp.Short([]string{blocking.Place.File, shared.Place.File}))
	want := fp.Differences{
		Defects: []string{
			"blocking.go lacks TLSConfig, which manager.go sets",
			"manager.go lacks ReadTimeout, which blocking.go sets",
		},
		Deliberate: []string{
			"MinIdleConns is 1 in blocking.go but idle in manager.go, which looks deliberate",
			"only blocking.go sets PoolSize, which looks deliberate",
		},
		DeliberateIn: map[int]bool{0: true, 1: true},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}
}

// TestDiffTLSMinority: one TLS listener among plain ones is intent; one
// plain listener among TLS ones is the defect.
func TestDiffTLSMinority(t *testing.T) {
	plain := func(file string) *fp.Block {
		return block(file, "m.main", field("Addr", "a"), field("ReadTimeout", "5"), field("WriteTimeout", "5"))
	}
	withTLS := func(file string) *fp.Block {
		b := plain(file)
		b.Steps = append(b.Steps, field("TLSConfig", "tls"))
		fp.SortSteps(b.Steps)
		return b
	}
	files := []string{"/m/a.go", "/m/b.go", "/m/c.go"}
	one := fp.Diff([]*fp.Block{withTLS(files[0]), plain(files[1]), plain(files[2])}, fp.Short(files))
	if len(one.Defects) != 0 || len(one.Deliberate) != 1 || !one.DeliberateIn[0] || one.DeliberateIn[1] {
		t.Errorf("one TLS copy of three: %+v, want it deliberate", one)
	}
	two := fp.Diff([]*fp.Block{withTLS(files[0]), withTLS(files[1]), plain(files[2])}, fp.Short(files))
	if want := []string{"c.go lacks TLSConfig, which every other copy sets"}; !cmp.Equal(two.Defects, want) {
		t.Errorf("one plain copy of three: defects %q, want %q", two.Defects, want)
	}
}

func TestClassify(t *testing.T) {
	for label, want := range map[string]fp.Class{
		"github.com/IBM/sarama.Config.Net.TLS.Enable":           fp.Security,
		"net/http.Server.ReadHeaderTimeout":                     fp.Timeout,
		"(*database/sql.DB).SetConnMaxLifetime":                 fp.Timeout,
		"(*database/sql.DB).SetMaxOpenConns":                    fp.Capacity,
		"github.com/redis/go-redis/v9.Options.PoolSize":         fp.Capacity,
		"middleware/example.com/mw.Recoverer":                   fp.Chain,
		"google.golang.org/grpc.ChainUnaryInterceptor/x.f":      fp.Chain,
		"net/http.Server.Addr":                                  fp.Location,
		"github.com/go-kratos/kratos/v2/transport/http.Address": fp.Location,
		"github.com/nats-io/nats.go.Name":                       fp.Location,
		"net/http.Server.Handler":                               fp.Plain,
		"log/slog.HandlerOptions.Level":                         fp.Plain,
	} {
		if got := fp.Classify(label); got != want {
			t.Errorf("Classify(%q) = %v, want %v", label, got, want)
		}
	}
}

// TestDriftSameText: values spelled alike are no difference, even when
// they name different objects (a Name constant in each main package).
func TestDriftSameText(t *testing.T) {
	a := block("/m/a/main.go", "a.main", step("SetMaxOpenConns", "a.Name"), step("SetMaxIdleConns", "1"), step("Ping", "p"))
	b := block("/m/b/main.go", "b.main", step("SetMaxOpenConns", "b.Name"), step("SetMaxIdleConns", "1"), step("Ping", "p"))
	for i := range a.Steps {
		a.Steps[i].Value, b.Steps[i].Value = "Name", "Name"
	}
	if d := fp.Drift([]*fp.Block{a, b}, fp.Short([]string{a.Place.File, b.Place.File}), 0); len(d) != 0 {
		t.Errorf("drift = %q, want none", d)
	}
}
