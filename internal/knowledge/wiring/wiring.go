// Package wiring is msvclint's curated table of the library APIs that build
// and configure a service's dependencies: database pools, HTTP servers and
// clients, gRPC servers and clients, loggers, tracers, metrics registries,
// caches and message-queue clients.
//
// The diboilerplate check only fingerprints statements that use these APIs:
// a recipe is wiring because of what it calls, never because of how its
// variables are spelled. Keys are qualified names as go/types prints them:
// "pkgpath.Func" for functions, "pkgpath.Type" for types and
// "(*pkgpath.Type).Method" or "(pkgpath.Type).Method" for methods.
//
// To teach the check a new library, add its constructor to Constructors, the
// types it configures through literals to Literals, and the methods and
// functions that configure a built value to Configurers; a configurer
// chained on a constructor's result (options.Client().ApplyURI(uri)) is a
// step too. Option types go to Options, interceptor-chain options to Chains
// and package-level functions that configure a global instance to Globals.
// Keep the table to APIs whose only purpose is building a dependency: a
// general-purpose call here would make every file look like wiring.
package wiring

// Kind names what a recipe builds, in the words a message uses.
type Kind string

// The kinds of dependency the check knows.
const (
	DB         Kind = "database pool"
	HTTPServer Kind = "HTTP server"
	HTTPClient Kind = "HTTP client"
	GRPCServer Kind = "gRPC server"
	GRPCClient Kind = "gRPC client"
	Logger     Kind = "logger"
	Tracer     Kind = "tracer"
	Metrics    Kind = "metrics registry"
	Cache      Kind = "cache client"
	Queue      Kind = "message-queue client"
	Middleware Kind = "HTTP middleware chain"
	Config     Kind = "configuration loader"
)

// Constructors are the functions whose result is a dependency: the first
// statement of a recipe calls one of them.
var Constructors = map[string]Kind{
	"database/sql.Open":                             DB,
	"database/sql.OpenDB":                           DB,
	"github.com/jmoiron/sqlx.Open":                  DB,
	"github.com/jmoiron/sqlx.Connect":               DB,
	"github.com/jackc/pgx/v5/pgxpool.NewWithConfig": DB,
	"github.com/jackc/pgx/v5/pgxpool.ParseConfig":   DB,
	"gorm.io/gorm.Open":                             DB,

	"go.mongodb.org/mongo-driver/mongo.Connect":        DB,
	"go.mongodb.org/mongo-driver/mongo.NewClient":      DB,
	"go.mongodb.org/mongo-driver/mongo/options.Client": DB,

	"google.golang.org/grpc.NewServer":   GRPCServer,
	"google.golang.org/grpc.Dial":        GRPCClient,
	"google.golang.org/grpc.DialContext": GRPCClient,
	"google.golang.org/grpc.NewClient":   GRPCClient,

	"log/slog.New":                         Logger,
	"go.uber.org/zap.New":                  Logger,
	"go.uber.org/zap.NewProduction":        Logger,
	"go.uber.org/zap.NewDevelopment":       Logger,
	"go.uber.org/zap.NewProductionConfig":  Logger,
	"go.uber.org/zap.NewDevelopmentConfig": Logger,
	"github.com/sirupsen/logrus.New":       Logger,
	"github.com/rs/zerolog.New":            Logger,

	"go.opentelemetry.io/otel/sdk/trace.NewTracerProvider":               Tracer,
	"go.opentelemetry.io/otel/sdk/metric.NewMeterProvider":               Metrics,
	"github.com/prometheus/client_golang/prometheus.NewRegistry":         Metrics,
	"github.com/prometheus/client_golang/prometheus.NewPedanticRegistry": Metrics,

	"github.com/redis/go-redis/v9.NewClient":        Cache,
	"github.com/redis/go-redis/v9.NewClusterClient": Cache,
	"github.com/go-redis/redis/v8.NewClient":        Cache,

	"github.com/nats-io/nats.go.Connect":      Queue,
	"github.com/rabbitmq/amqp091-go.Dial":     Queue,
	"github.com/streadway/amqp.Dial":          Queue,
	"github.com/segmentio/kafka-go.NewReader": Queue,
	"github.com/segmentio/kafka-go.NewWriter": Queue,
	"github.com/IBM/sarama.NewConfig":         Queue,
	"github.com/Shopify/sarama.NewConfig":     Queue,

	"github.com/go-kratos/kratos/v2/transport/http.NewServer":    HTTPServer,
	"github.com/go-kratos/kratos/v2/transport/grpc.NewServer":    GRPCServer,
	"github.com/go-kratos/kratos/v2/transport/grpc.Dial":         GRPCClient,
	"github.com/go-kratos/kratos/v2/transport/grpc.DialInsecure": GRPCClient,

	"github.com/spf13/viper.New":            Config,
	"github.com/knadh/koanf/v2.New":         Config,
	"github.com/knadh/koanf/v2.NewWithConf": Config,
}

// Options are the option types a service collects in a slice before it
// builds the dependency (opts := []grpc.DialOption{...}): the slice
// literal starts a recipe, each element one step.
var Options = map[string]Kind{
	"google.golang.org/grpc.DialOption":                          GRPCClient,
	"google.golang.org/grpc.ServerOption":                        GRPCServer,
	"github.com/nats-io/nats.go.Option":                          Queue,
	"go.opentelemetry.io/otel/sdk/trace.TracerProviderOption":    Tracer,
	"go.opentelemetry.io/otel/sdk/metric.Option":                 Metrics,
	"github.com/go-kratos/kratos/v2/transport/http.ServerOption": HTTPServer,
	"github.com/go-kratos/kratos/v2/transport/grpc.ServerOption": GRPCServer,
	"github.com/go-kratos/kratos/v2/transport/grpc.ClientOption": GRPCClient,
}

// Chains are the options that take a list of interceptors: each
// interceptor is a step of its own, so two servers that install the same
// three interceptors share three steps, not one.
var Chains = map[string]bool{
	"google.golang.org/grpc.ChainUnaryInterceptor":             true,
	"google.golang.org/grpc.ChainStreamInterceptor":            true,
	"google.golang.org/grpc.WithChainUnaryInterceptor":         true,
	"google.golang.org/grpc.WithChainStreamInterceptor":        true,
	"github.com/go-kratos/kratos/v2/transport/http.Middleware": true,
	"github.com/go-kratos/kratos/v2/transport/grpc.Middleware": true,
}

// Globals are the package-level functions that configure a package's
// global instance of a dependency (viper.SetConfigName, viper.ReadInConfig):
// a run of calls to them is a recipe with no constructor.
var Globals = map[string]Kind{
	"github.com/spf13/viper.SetConfigName":     Config,
	"github.com/spf13/viper.SetConfigType":     Config,
	"github.com/spf13/viper.SetConfigFile":     Config,
	"github.com/spf13/viper.AddConfigPath":     Config,
	"github.com/spf13/viper.SetEnvPrefix":      Config,
	"github.com/spf13/viper.SetEnvKeyReplacer": Config,
	"github.com/spf13/viper.AutomaticEnv":      Config,
	"github.com/spf13/viper.SetDefault":        Config,
	"github.com/spf13/viper.BindEnv":           Config,
	"github.com/spf13/viper.ReadInConfig":      Config,
	"github.com/spf13/viper.Unmarshal":         Config,
	"github.com/spf13/viper.WatchConfig":       Config,
}

// Literals are the types whose composite literal is a dependency or the
// configuration of one; each field set in the literal is one step.
var Literals = map[string]Kind{
	"net/http.Server":    HTTPServer,
	"net/http.Client":    HTTPClient,
	"net/http.Transport": HTTPClient,
	"google.golang.org/grpc/keepalive.ServerParameters": GRPCServer,
	"google.golang.org/grpc/keepalive.ClientParameters": GRPCClient,
	"go.uber.org/zap.Config":                            Logger,
	"log/slog.HandlerOptions":                           Logger,
	"github.com/sirupsen/logrus.JSONFormatter":          Logger,
	"github.com/sirupsen/logrus.TextFormatter":          Logger,
	"github.com/IBM/sarama.Config":                      Queue,
	"github.com/redis/go-redis/v9.Options":              Cache,
	"github.com/go-redis/redis/v8.Options":              Cache,
	"github.com/segmentio/kafka-go.ReaderConfig":        Queue,
	"github.com/segmentio/kafka-go.WriterConfig":        Queue,
	"github.com/segmentio/kafka-go.Writer":              Queue,
}

// Configurers are the methods that configure a built dependency and the
// functions that take one to install or register it. A statement calling one
// on a value a recipe built continues that recipe.
var Configurers = map[string]bool{
	"(*database/sql.DB).SetMaxOpenConns":               true,
	"(*database/sql.DB).SetMaxIdleConns":               true,
	"(*database/sql.DB).SetConnMaxLifetime":            true,
	"(*database/sql.DB).SetConnMaxIdleTime":            true,
	"(*database/sql.DB).Ping":                          true,
	"(*database/sql.DB).PingContext":                   true,
	"(*github.com/jmoiron/sqlx.DB).SetMaxOpenConns":    true,
	"(*github.com/jmoiron/sqlx.DB).SetMaxIdleConns":    true,
	"(*github.com/jmoiron/sqlx.DB).SetConnMaxLifetime": true,
	"(*github.com/jmoiron/sqlx.DB).Ping":               true,

	"(*net/http.Server).SetKeepAlivesEnabled": true,
	"(*net/http.Server).RegisterOnShutdown":   true,

	"google.golang.org/grpc/reflection.Register":                                 true,
	"google.golang.org/grpc/health/grpc_health_v1.RegisterHealthServer":          true,
	"github.com/grpc-ecosystem/go-grpc-prometheus.Register":                      true,
	"github.com/grpc-ecosystem/go-grpc-middleware/providers/prometheus.Register": true,

	"log/slog.SetDefault":                                  true,
	"go.uber.org/zap.ReplaceGlobals":                       true,
	"(go.uber.org/zap.Config).Build":                       true,
	"(*go.uber.org/zap.Config).Build":                      true,
	"(*github.com/sirupsen/logrus.Logger).SetLevel":        true,
	"(*github.com/sirupsen/logrus.Logger).SetFormatter":    true,
	"(*github.com/sirupsen/logrus.Logger).SetOutput":       true,
	"(*github.com/sirupsen/logrus.Logger).SetReportCaller": true,
	"(*github.com/sirupsen/logrus.Logger).AddHook":         true,

	"go.opentelemetry.io/otel.SetTracerProvider":    true,
	"go.opentelemetry.io/otel.SetMeterProvider":     true,
	"go.opentelemetry.io/otel.SetTextMapPropagator": true,

	"(*github.com/spf13/viper.Viper).SetConfigName":     true,
	"(*github.com/spf13/viper.Viper).SetConfigType":     true,
	"(*github.com/spf13/viper.Viper).SetConfigFile":     true,
	"(*github.com/spf13/viper.Viper).AddConfigPath":     true,
	"(*github.com/spf13/viper.Viper).SetEnvPrefix":      true,
	"(*github.com/spf13/viper.Viper).SetEnvKeyReplacer": true,
	"(*github.com/spf13/viper.Viper).AutomaticEnv":      true,
	"(*github.com/spf13/viper.Viper).SetDefault":        true,
	"(*github.com/spf13/viper.Viper).BindEnv":           true,
	"(*github.com/spf13/viper.Viper).ReadInConfig":      true,
	"(*github.com/spf13/viper.Viper).Unmarshal":         true,
	"(*github.com/knadh/koanf/v2.Koanf).Load":           true,
	"(*github.com/knadh/koanf/v2.Koanf).Unmarshal":      true,

	"(*github.com/prometheus/client_golang/prometheus.Registry).MustRegister": true,
	"(*github.com/prometheus/client_golang/prometheus.Registry).Register":     true,

	"(*github.com/redis/go-redis/v9.Client).Ping": true,
	"(*github.com/go-redis/redis/v8.Client).Ping": true,

	"(*go.mongodb.org/mongo-driver/mongo.Client).Ping":                                     true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).ApplyURI":                  true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).SetAppName":                true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).SetMaxPoolSize":            true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).SetMinPoolSize":            true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).SetMaxConnIdleTime":        true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).SetConnectTimeout":         true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).SetServerSelectionTimeout": true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).SetRetryWrites":            true,
	"(*go.mongodb.org/mongo-driver/mongo/options.ClientOptions).SetTLSConfig":              true,
}

// Option returns the kind whose options a qualified type is.
func Option(qualified string) (Kind, bool) {
	k, ok := Options[qualified]
	return k, ok
}

// Chain reports whether a qualified option function takes a list of
// interceptors.
func Chain(qualified string) bool { return Chains[qualified] }

// Global returns the kind a package-level configuring function configures.
func Global(qualified string) (Kind, bool) {
	k, ok := Globals[qualified]
	return k, ok
}

// Constructor returns the kind a qualified function builds.
func Constructor(qualified string) (Kind, bool) {
	k, ok := Constructors[qualified]
	return k, ok
}

// Literal returns the kind a qualified type's literal configures.
func Literal(qualified string) (Kind, bool) {
	k, ok := Literals[qualified]
	return k, ok
}

// Configurer reports whether a qualified function or method configures a
// dependency a recipe built.
func Configurer(qualified string) bool {
	return Configurers[qualified]
}
