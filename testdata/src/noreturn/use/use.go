package use

import (
	"log"
	"noreturn/exits"
	"os"

	"github.com/sirupsen/logrus"
)

func fail(msg string) {
	log.Fatal(msg) // want `never returns`
}

func local() {
	fail("x") // want `never returns`
}

func run(l *logrus.Logger, err error) {
	exits.Die("bye") // want `never returns`
	exits.Warn("careful")
	exits.DieIf(err)
	l.Fatal("fatal") // want `never returns`
	l.Info("info")
	os.Exit(2) // want `never returns`
	panicky()  // want `never returns`
}

func panicky() { panic("no") }

func loops() {
	for {
	}
}

func spin() {
	loops() // want `never returns`
}
