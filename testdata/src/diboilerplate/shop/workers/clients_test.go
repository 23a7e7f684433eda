package workers

import (
	"net/http"
	"testing"
	"time"
)

func TestClient(t *testing.T) {
	tr := &http.Transport{MaxIdleConns: 100, MaxIdleConnsPerHost: 10, IdleConnTimeout: 90 * time.Second}
	_ = &http.Client{Transport: tr}
}
