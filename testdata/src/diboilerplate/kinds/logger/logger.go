// Package logger builds the loggers of several binaries by hand.
package logger

import (
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/sirupsen/logrus"
)

func apiLogger() *slog.Logger {
	l := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{Level: slog.LevelInfo, AddSource: true}))
	slog.SetDefault(l)
	return l
}

// workerLogger copies apiLogger's recipe, with another level.
func workerLogger() *slog.Logger {
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{AddSource: true, Level: slog.LevelDebug})) // want `this logger setup is copied in 2 places \(first in logger\.go:14\), and the copies differ: Level is slog\.LevelInfo in logger\.go \(apiLogger\) but slog\.LevelDebug in logger\.go \(workerLogger\)`
	slog.SetDefault(logger)
	return logger
}

// Two-line recipes are what every user of slog writes: not copies.
func cliLogger() *slog.Logger  { return slog.New(slog.NewTextHandler(os.Stderr, nil)) }
func toolLogger() *slog.Logger { return slog.New(slog.NewTextHandler(os.Stderr, nil)) }

func ordersLogrus() *logrus.Logger {
	log := logrus.New()
	log.SetLevel(logrus.InfoLevel)
	log.SetFormatter(&logrus.JSONFormatter{TimestampFormat: time.RFC3339})
	log.SetOutput(os.Stdout)
	log.SetReportCaller(true)
	return log
}

func paymentsLogrus() *logrus.Logger {
	log := logrus.New() // want `this logger setup is copied in 2 places \(first in logger\.go:31\) and the copies are identical`
	log.SetFormatter(&logrus.JSONFormatter{TimestampFormat: time.RFC3339})
	log.SetLevel(logrus.InfoLevel)
	log.SetReportCaller(true)
	log.SetOutput(os.Stdout)
	return log
}

// silentLogrus uses the same type for another purpose: it shares one step.
func silentLogrus() *logrus.Logger {
	log := logrus.New()
	log.SetOutput(io.Discard)
	return log
}
