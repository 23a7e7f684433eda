// Package diboilerplate defines the msvclint check diboilerplate.
//
// # Analyzer diboilerplate
//
// diboilerplate: report dependency-injection wiring copied across services instead of written once
//
// Service teams copy the same wiring into every service: the sql.Open and
// connection-pool setters in every main, the same http.Server timeouts, the
// same gRPC options, field-copying NewXService(db, logger, cfg) constructors.
// Copied wiring drifts: one copy gets the timeout fix and the others do not,
// and every change must be made in each copy. Token clone detectors see
// either noise or, one package at a time, nothing; this check knows what
// wiring is and compares it by types, not spelling.
//
// A recipe starts at a statement that calls a dependency-building API or
// writes a literal of a dependency type, both from the curated table in
// internal/knowledge/wiring (database/sql, sqlx, pgxpool, gorm, MongoDB,
// net/http Server, Client and Transport, gRPC servers, clients and keepalive
// parameters, log/slog, zap, logrus, zerolog, OpenTelemetry tracer and meter
// providers, Prometheus registries, go-redis, NATS, AMQP, kafka-go, sarama,
// viper and koanf). Some recipes are recognized by their types alone: a chain
// of HTTP middleware (functions from http.Handler to http.Handler applied one
// to the next, or installed with a router's Use), a slice of an option type
// ([]grpc.DialOption{...}), and a run of calls configuring a package's
// global instance (viper.SetConfigName, viper.AutomaticEnv, ...). A recipe
// goes on through the statements right after it that configure what it
// built: table setters and registrations (db.SetMaxOpenConns,
// otel.SetTracerProvider(tp)), also when chained on a builder
// (options.Client().ApplyURI(uri).SetMaxPoolSize(n)), field assignments
// however deep (cfg.Producer.Return.Successes = true), options appended to
// the slice, the constructor that takes them, error checks, deferred Close.
// Each option argument, literal field (also of a literal inside an option,
// as slog.HandlerOptions), interceptor of a chain, middleware and setter is
// one step, named by type identity and fingerprinted with local names numbered
// and option order ignored. Two recipes are copies when they start with the
// same API, share at least -diboilerplate.minsteps steps besides that API's
// own call (which every user of it makes), and the shared steps are at least
// half of all the steps either sets. Test files and
// generated files (wire_gen.go, protobuf and mock output) are never
// fingerprinted.
//
// Which mode finds what: go vet (and nogo) analyze a package with its own
// code and the facts of the packages it imports, so they report copies inside
// one package, copies of a recipe or constructor of an imported package,
// bypassed providers and unused dependencies. The standalone `msvclint ./...`
// compares every package of the run once all are analyzed, so it also
// reports copies between packages that do not import each other (sibling
// cmd/* mains, sibling services), in every output format, and so does the
// editor server `msvclint lsp` once it has indexed the module in the
// background. `msvclint dupes
// ./...` prints each cluster of copies once with all its places and their
// differences: the refactoring plan (-json for a machine-readable one).
//
// # Category copied-wiring
//
// A recipe standing in two or more places. The finding is on every copy but
// the first (the one in the lowest-sorted file), names the number of copies,
// where the first is (also as the related position), and what the copies
// differ in. The difference that looks like a bug comes first, before the
// refactoring advice: a TLS or credential setting, a timeout, or a
// middleware or interceptor that one copy lacks and every other copy sets
// ("cmd/jobs/main.go lacks TLSConfig, which every other copy sets, likely a
// missed fix: ..."; of two copies either may be the odd one out, so the
// finding says it is a missed fix unless the difference is deliberate). Then the steps only some copies set, then the values
// that differ. Differences that look deliberate are named as such and never
// called drift: a capacity of 0 or 1 (a blocking client with a pool of one),
// and a security setting only a minority of three or more copies has (the
// one TLS listener among plain ones). A copy of a shared provider that
// differs from it that way is not told to call the provider; the finding
// names the settings they share and asks to take those from one place.
// A literal that mostly copies same-named fields from one value of another
// type (&redis.Options{Addr: opt.Addr, DB: opt.DB, ...}) is an adapter from
// that settings type, not a recipe, and is not compared.
//
// WRONG:
//
//	// internal/jobs/jobs.go
//	db, err := sql.Open("mysql", dsn)
//	db.SetMaxOpenConns(8)
//	db.SetMaxIdleConns(8)
//	db.SetConnMaxLifetime(5 * time.Minute)
//
//	// internal/reports/reports.go: the same recipe, a second time
//	rdb, err := sql.Open("mysql", dsn)
//	rdb.SetMaxOpenConns(8)
//	rdb.SetMaxIdleConns(8)
//
// RIGHT:
//
//	// internal/platform/db.go, written once and called by both
//	func OpenDB(dsn string) (*sql.DB, error) {
//		db, err := sql.Open("mysql", dsn)
//		if err != nil {
//			return nil, err
//		}
//		db.SetMaxOpenConns(8)
//		db.SetMaxIdleConns(8)
//		db.SetConnMaxLifetime(5 * time.Minute)
//		return db, nil
//	}
//
// # Category bypassed-provider
//
// The module already has a shared provider: an exported function of a
// non-main package that builds and returns the dependency. A hand-written
// copy of its recipe elsewhere misses every later fix to it; the finding
// names the function to call instead and what the copy does differently.
//
// WRONG:
//
//	// platform.NewHTTPServer sets ReadHeaderTimeout, ReadTimeout,
//	// WriteTimeout and IdleTimeout; this copy forgot IdleTimeout
//	srv := &http.Server{
//		Addr:              cfg.Addr,
//		Handler:           mux,
//		ReadHeaderTimeout: 5 * time.Second,
//		ReadTimeout:       10 * time.Second,
//		WriteTimeout:      10 * time.Second,
//	}
//
// RIGHT:
//
//	srv := platform.NewHTTPServer(cfg, mux)
//
// # Category copied-constructor
//
// Constructors whose body only copies their parameters into a struct literal
// and returns it (nil checks allowed), with the same dependency signature
// (the same parameter types, in any order, at least
// -diboilerplate.minparams of them) in several packages. A constructor with
// validation or any other logic is not one. Reported on every copy but the
// first.
//
// WRONG:
//
//	// services/orders and services/shipping each declare
//	func NewService(db *sql.DB, log *slog.Logger, cfg platform.Config) *Service {
//		return &Service{db: db, log: log, cfg: cfg}
//	}
//
// RIGHT:
//
//	// platform builds the shared dependencies once
//	type Deps struct {
//		DB     *sql.DB
//		Log    *slog.Logger
//		Config platform.Config
//	}
//
//	func NewService(d platform.Deps) *Service { return &Service{deps: d} }
//
// # Category unused-dependency
//
// A field-copying constructor that takes a parameter and never mentions it:
// usually a field forgotten when the constructor was copied, so the service
// silently runs without the dependency. A context.Context parameter, and a
// constructor also used as a function value (its signature may be imposed),
// are exempt.
//
// WRONG:
//
//	func NewRefunds(db *sql.DB, logger *slog.Logger) *Refunds {
//		return &Refunds{db: db}
//	}
//
// RIGHT:
//
//	func NewRefunds(db *sql.DB, logger *slog.Logger) *Refunds {
//		return &Refunds{db: db, logger: logger}
//	}
//
// # Options
//
// -diboilerplate.minsteps (default 3): configuration steps two recipes must
// share to be copies. Two (sql.Open then Ping) is what every user of an API
// writes; three is the smallest real recipe.
//
// -diboilerplate.mincopies (default 2): copies of a recipe or constructor
// before it is reported.
//
// -diboilerplate.minparams (default 3): parameters a field-copying
// constructor must take before its copies are reported; one- and
// two-dependency constructors repeat by coincidence.
//
// msvclint dupes takes the same three options without the prefix.
//
// # Suppressing a finding
//
// Put //msvclint:ignore diboilerplate followed by the reason on the reported line or
// on its own line just above it. A directive without a reason, and one that
// suppresses nothing, are findings themselves; one on a recipe's first line
// is never called unused, since only the whole run knows whether a copy of
// it stands in a sibling package.
package diboilerplate
