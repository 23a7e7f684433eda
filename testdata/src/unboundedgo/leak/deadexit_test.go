package leak

import "testing"

func TestReloader(t *testing.T) {
	r := LoadConfig()
	r.stop()
}
