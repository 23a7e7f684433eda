package longtest_test

import (
	"os/exec"
	"strings"
	"testing"
)

// stdRaces are the findings on the standard library judged real, each with
// a program that makes the race happen and the frames the race detector
// must show for both sides: the judgment is checked, not only written.
var stdRaces = []struct {
	check, program string
	frames         []string
}{
	// datarace: Decode writes dec.err unlocked beside DecodeValue.
	{"datarace", "gob", []string{"encoding/gob/decoder.go:203", "encoding/gob/decoder.go:228"}},
	// datarace: Close pools d.buf and clears it beside a ReadDir.
	{"datarace", "osdir", []string{"os/dir_unix.go:43", "os.(*File).readdir()"}},
	// datarace: Stop clears fr.ring unlocked beside a WriteTo reading it.
	{"datarace", "flightrec", []string{"runtime/trace/flightrecorder.go:97", "runtime/trace/flightrecorder.go:132"}},
	// mutablecache: Lines hands out f.lines, which MergeLine shifts in place.
	{"mutablecache", "token", []string{"go/token/position.go:172"}},
}

// TestStdRacesReproduce runs each program of testdata/stdraces under the
// race detector and wants the race the finding names.
func TestStdRacesReproduce(t *testing.T) {
	skipShort(t)
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("the race detector needs cgo, which this machine's go has off")
	}
	for _, r := range stdRaces {
		t.Run(r.program, func(t *testing.T) {
			out, err := raceRun(r.program, r.frames)
			if err == nil || !strings.Contains(string(out), "WARNING: DATA RACE") {
				t.Fatalf("%s's std finding did not reproduce (err %v):\n%s", r.check, err, out)
			}
			for _, f := range r.frames {
				if !strings.Contains(string(out), f) {
					t.Errorf("race report lacks %s:\n%s", f, out)
				}
			}
		})
	}
}

// raceRun runs a program under the race detector, up to three times: a
// race whose two sides the code orders by nothing shows on any schedule,
// but the flight recorder's shows only when WriteTo has passed its enabled
// check before Stop clears it, which a loaded machine may not schedule.
func raceRun(program string, frames []string) ([]byte, error) {
	var out []byte
	var err error
	for range 3 {
		out, err = exec.Command("go", "run", "-race", "./testdata/stdraces/"+program).CombinedOutput()
		if err != nil && containsAll(string(out), frames) {
			break
		}
	}
	return out, err
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
