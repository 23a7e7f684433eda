// Package logrus is a test stub of github.com/sirupsen/logrus.
package logrus

import "io"

type Level uint32

const (
	InfoLevel Level = iota
	DebugLevel
)

type Formatter interface{ Format() }

type JSONFormatter struct {
	TimestampFormat  string
	DisableTimestamp bool
	PrettyPrint      bool
}

func (*JSONFormatter) Format() {}

type TextFormatter struct{ FullTimestamp bool }

func (*TextFormatter) Format() {}

type Logger struct{}

func New() *Logger                         { return &Logger{} }
func (l *Logger) SetLevel(v Level)         {}
func (l *Logger) SetFormatter(f Formatter) {}
func (l *Logger) SetOutput(w io.Writer)    {}
func (l *Logger) SetReportCaller(b bool)   {}
func (l *Logger) Info(args ...any)         {}

// Fatal logs and exits through a hook in the real library; the stub returns,
// so only the table says it does not.
func (l *Logger) Fatal(args ...any) {}
