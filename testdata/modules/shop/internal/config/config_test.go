package config

import "testing"

func TestLoadDefaults(t *testing.T) {
	t.Setenv("SHOP_CACHE_SIZE", "not a number")
	c := Load() //msvclint:ignore diboilerplate tests are analyzed in every mode too
	if c.CacheSize != 1024 {
		t.Errorf("CacheSize = %d, want the default 1024", c.CacheSize)
	}
}
